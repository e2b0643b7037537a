/// The keywords ssh 9.2 knows (readconf.c's table, lowercased). A keyword outside it is
/// an error, as in ssh (unless `IgnoreUnknown` names it); one inside it that Chorus
/// neither supports nor warns about is read and ignored, its value unchecked.
enum Keywords {
    static let known: Set<String> = [
        "protocol", "cipher", "fallbacktorsh", "globalknownhostsfile2", "rhostsauthentication",
        "userknownhostsfile2", "useroaming", "usersh", "useprivilegedport", "afstokenpassing",
        "kerberosauthentication", "kerberostgtpassing", "rsaauthentication", "rhostsrsaauthentication",
        "compressionlevel", "gssapiauthentication", "gssapidelegatecredentials", "pkcs11provider",
        "smartcarddevice", "forwardagent", "forwardx11", "forwardx11trusted", "forwardx11timeout",
        "exitonforwardfailure", "xauthlocation", "gatewayports", "passwordauthentication",
        "kbdinteractiveauthentication", "kbdinteractivedevices", "challengeresponseauthentication",
        "skeyauthentication", "tisauthentication", "pubkeyauthentication", "dsaauthentication",
        "hostbasedauthentication", "identityfile", "identityfile2", "identitiesonly", "certificatefile",
        "addkeystoagent", "identityagent", "hostname", "hostkeyalias", "proxycommand", "port", "ciphers", "macs",
        "remoteforward", "localforward", "permitremoteopen", "user", "host", "match", "escapechar",
        "globalknownhostsfile", "userknownhostsfile", "connectionattempts", "batchmode", "checkhostip",
        "stricthostkeychecking", "compression", "tcpkeepalive", "keepalive", "numberofpasswordprompts",
        "syslogfacility", "loglevel", "logverbose", "dynamicforward", "preferredauthentications",
        "hostkeyalgorithms", "casignaturealgorithms", "bindaddress", "bindinterface", "clearallforwardings",
        "enablesshkeysign", "verifyhostkeydns", "nohostauthenticationforlocalhost", "rekeylimit",
        "connecttimeout", "addressfamily", "serveraliveinterval", "serveralivecountmax", "sendenv", "setenv",
        "controlpath", "controlmaster", "controlpersist", "hashknownhosts", "include", "tunnel", "tunneldevice",
        "localcommand", "permitlocalcommand", "remotecommand", "visualhostkey", "kexalgorithms", "ipqos",
        "requesttty", "sessiontype", "stdinnull", "forkafterauthentication", "proxyusefdpass",
        "canonicaldomains", "canonicalizefallbacklocal", "canonicalizehostname", "canonicalizemaxdots",
        "canonicalizepermittedcnames", "streamlocalbindmask", "streamlocalbindunlink", "revokedhostkeys",
        "fingerprinthash", "updatehostkeys", "hostbasedacceptedalgorithms", "hostbasedkeytypes",
        "pubkeyacceptedalgorithms", "pubkeyacceptedkeytypes", "ignoreunknown", "proxyjump",
        "securitykeyprovider", "knownhostscommand", "requiredrsasize", "enableescapecommandline",
    ]
}

/// A keyword ssh honours and Chorus does not, where ignoring it silently would change
/// the route or weaken the security the operator asked for. Its first applying value
/// is kept (first wins, as for any option) and, when `applies` says that value matters,
/// the host gets one warning line. Left out on purpose, because Chorus without them is
/// as strict or stricter: VerifyHostKeyDNS (SSHFP can only add trust), UpdateHostKeys,
/// NoHostAuthenticationForLocalhost (weakens ssh), PKCS11Provider/SecurityKeyProvider
/// (without them authentication fails, closed), forwardings and tunnels (not made),
/// ControlMaster/ControlPath (no sharing), RemoteCommand (Chorus runs its own command).
struct WarnedKeyword: Sendable {
    /// The spelling printed (`ProxyCommand`).
    let name: String
    /// What happens instead, after `NAME is not supported by chorus; `, with `%h` for the host.
    let consequence: String
    /// Whether this value (lowercased) deserves the warning (`ForwardAgent no` does not).
    let applies: @Sendable (String) -> Bool

    static let notNo: @Sendable (String) -> Bool = { !["no", "false"].contains($0) }
    static let isYes: @Sendable (String) -> Bool = { ["yes", "true"].contains($0) }
    static let isNo: @Sendable (String) -> Bool = { ["no", "false"].contains($0) }
    static let notNone: @Sendable (String) -> Bool = { $0 != "none" }
    static let always: @Sendable (String) -> Bool = { _ in true }

    /// By lowercased keyword, aliases included.
    static let table: [String: WarnedKeyword] = {
        var table: [String: WarnedKeyword] = [
            // The route: ssh would go through the command; Chorus connects directly.
            "proxycommand": .init(name: "ProxyCommand", consequence: "%h is reached directly", applies: notNone),
            // A local command ssh runs after connecting (only with PermitLocalCommand yes).
            "localcommand": .init(name: "LocalCommand", consequence: "it is not run for %h", applies: always),
            // Remote commands relying on the forwarded agent would behave differently.
            "forwardagent": .init(name: "ForwardAgent", consequence: "the agent is not forwarded to %h", applies: notNo),
            // ssh would trust keys the command prints; Chorus checks the known_hosts files only.
            "knownhostscommand": .init(
                name: "KnownHostsCommand", consequence: "the key of %h is checked against the known_hosts files only",
                applies: notNone),
            // ssh looks the key up (and records it) under the alias; Chorus uses the real name.
            "hostkeyalias": .init(
                name: "HostKeyAlias", consequence: "the key of %h is looked up under its own name", applies: always),
            // ssh also checks the address in known_hosts (DNS spoofing); Chorus does not.
            "checkhostip": .init(
                name: "CheckHostIP", consequence: "the address of %h is not checked in known_hosts", applies: isYes),
            // ssh refuses revoked keys; Chorus would accept a revoked key still in known_hosts.
            "revokedhostkeys": .init(
                name: "RevokedHostKeys", consequence: "revoked keys are not refused for %h", applies: notNone),
            // Authentication with a certificate: Chorus offers the plain keys only.
            "certificatefile": .init(
                name: "CertificateFile", consequence: "no certificate is offered to %h", applies: always),
            // ssh would canonicalize the name (DNS) and re-read the configuration for it.
            "canonicalizehostname": .init(
                name: "CanonicalizeHostname", consequence: "the name %h is used as written", applies: notNo),
            // The source address or interface decides which firewall rules or VPN apply.
            "bindaddress": .init(name: "BindAddress", consequence: "%h is reached from the default address", applies: always),
            "bindinterface": .init(
                name: "BindInterface", consequence: "%h is reached through the default interface", applies: always),
            "addressfamily": .init(
                name: "AddressFamily", consequence: "%h may be reached over either IPv4 or IPv6",
                applies: { $0 != "any" }),
            // The operator restricted how to authenticate; Chorus may try other methods.
            "preferredauthentications": .init(
                name: "PreferredAuthentications", consequence: "other methods may be tried with %h", applies: always),
            "passwordauthentication": .init(
                name: "PasswordAuthentication", consequence: "a password may still be tried with %h", applies: isNo),
            "kbdinteractiveauthentication": .init(
                name: "KbdInteractiveAuthentication", consequence: "keyboard-interactive may still be tried with %h",
                applies: isNo),
        ]
        // Algorithm lists: Chorus would negotiate ones the line excludes.
        for (key, name) in [
            ("ciphers", "Ciphers"), ("macs", "MACs"), ("kexalgorithms", "KexAlgorithms"),
            ("hostkeyalgorithms", "HostKeyAlgorithms"), ("pubkeyacceptedalgorithms", "PubkeyAcceptedAlgorithms"),
            ("casignaturealgorithms", "CASignatureAlgorithms"),
        ] {
            table[key] = .init(name: name, consequence: "%h may be reached with algorithms it excludes", applies: always)
        }
        table["pubkeyacceptedkeytypes"] = table["pubkeyacceptedalgorithms"]
        for alias in ["challengeresponseauthentication", "skeyauthentication", "tisauthentication"] {
            table[alias] = table["kbdinteractiveauthentication"]
        }
        return table
    }()
}
