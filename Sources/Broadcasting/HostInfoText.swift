import Inventory
import Rendering

/// `:info`'s readable block for one host: what a command would connect with, and
/// where each value came from (the inventory, the OpenSSH client configuration with its
/// `file:line`, the command line, or built in), then the last result.
///
///     web01
///       address          10.0.0.5:22            (inventory)
///       user             deploy                 (~/.ssh/config:4)
package enum HostInfoText {
    package static func block(_ record: HostsJSON.Record, _ host: ResolvedHost, _ settings: RunSettings, last: String) -> String {
        let origin = Origins(record: record, host: host, settings: settings)
        let given: [(String, String, String)] = [
            ("address", "\(record.hostname):\(record.port)", origin.of("hostname", "port")),
            ("user", record.username, settings.user != nil ? "command line" : origin.of("username")),
            ("auth", record.auth.isEmpty ? "agent, if one runs" : record.auth.joined(separator: ", "), ""),
            ("identity file", record.identity_file ?? (record.ssh_identity_files.isEmpty ? "-" : record.ssh_identity_files.joined(separator: ", ")),
             record.identity_file == nil && record.ssh_identity_files.isEmpty ? "" : origin.of("identity_file")),
            ("groups", record.groups.isEmpty ? "-" : record.groups.joined(separator: ", "), ""),
            ("host keys", record.known_hosts_policy, settings.givenHostKeyPolicy != nil ? "command line or :set" : origin.of("known_hosts_policy")),
            ("connect timeout", record.connect_timeout.map { "\(Self.seconds($0)) s" } ?? "none", origin.timeout),
            ("bastions", record.proxy_jump.isEmpty ? "none" : record.proxy_jump.joined(separator: " → "),
             record.proxy_jump.isEmpty ? "" : settings.proxyJump != nil ? "command line" : origin.of("proxy_jump")),
            ("gateway", record.gateway.isEmpty ? "none" : record.gateway.joined(separator: " or "),
             record.gateway.isEmpty ? "" : settings.gateways != nil ? "command line" : origin.of("gateway")),
            ("last", last, ""),
        ]
        // Names and addresses come from files others may have written: shown escaped, as
        // live output is, so no value can move the cursor or retitle the terminal.
        let rows = given.map { ($0.0, TerminalText.escaped($0.1), TerminalText.escaped($0.2)) }
        let valueWidth = rows.map(\.1.count).max() ?? 0
        let lines = rows.map { label, value, source in
            let padded = "  " + label + String(repeating: " ", count: max(1, 17 - label.count)) + value
            return source.isEmpty ? padded : padded + String(repeating: " ", count: valueWidth - value.count) + "   (\(source))"
        }
        return ([TerminalText.escaped(record.name) + (record.ad_hoc ? " (ad hoc)" : "")] + lines).joined(separator: "\n") + "\n"
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// Where a host's fields came from.
    private struct Origins {
        let record: HostsJSON.Record
        let host: ResolvedHost
        let settings: RunSettings

        /// The first of `fields` set by ssh_config (its `file:line`) or the inventory; else built in.
        func of(_ fields: String...) -> String {
            if let place = fields.lazy.compactMap({ record.ssh_config[$0] }).first { return place }
            if fields.contains(where: host.setFields.contains) { return host.isAdHoc ? "typed" : "inventory" }
            return host.isAdHoc && fields.contains("hostname") ? "typed" : "built in"
        }

        /// The command line or `:set` outrank the host's own value; the host's (inventory,
        /// ssh_config) outranks chorus.conf and the built-in one (`RunSettings.connectTimeout`).
        var timeout: String {
            let given = settings.origins["connect_timeout"]
            if settings.connectTimeoutSource >= .inventory { return given ?? "command line" }
            let own = of("connect_timeout")
            return own != "built in" ? own : given ?? own
        }
    }
}
