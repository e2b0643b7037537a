import Testing
@testable import Shell

/// Lines carrying secrets never reach the history file.
@Suite struct HistoryPolicyTests {
    static let kept: [String] = [
        "uptime", "df -h /", ":select @web", ":set fanout 10", "ls -p", "ps -ef | grep sshd",
        "sudo systemctl restart nginx", "echo hi | sudo tee /etc/motd", "sudo -s", "echo x | sudo -s",
        "grep password /etc/ssh/sshd_config", "cat /etc/passwd", "mysql -u root", "curl https://example.com/a:b",
        "curl -u alice https://example.com", "git clone https://github.com/x/y", "ssh -p 2222 host",
        "echo PASS", "!ls", "@web uptime", "export LANG=C.UTF-8", "batch_run -h h1 -cmd uptime",
        "echo é", "pwd # a note",
    ]

    @Test(arguments: kept)
    func ordinaryLinesAreRecorded(line: String) {
        #expect(HistoryPolicy.shouldRecord(line))
    }

    static let secret: [String] = [
        // rule 1–2: ignorespace and blanks
        " uptime", "\tuptime", "", "   ",
        // rule 3: assignments and --option= with secret names
        "PASSWORD=hunter2 ./deploy", "export DB_PASSWORD=x", "PGPASSWORD=x psql", "MYSQL_PWD=x mysql",
        "tool --password=x", "tool --PASSWORD=x", "API_TOKEN=abc curl x", "aws --secret=x", "x --passphrase=y",
        "export GITHUB_TOKEN=ghp_x", "env apikey=1 run", "SSHPASS=x sshpass -e ssh h",
        // rule 4: the option alone
        "mysql --password x", "tool --passwd x", "vault login --token x", "app --pass x",
        // rule 5: sshpass -p
        "sshpass -p hunter2 ssh host", "sshpass -phunter2 ssh host", "/usr/bin/sshpass -p x ssh h",
        "sshpass -o x -p y ssh h",
        // rule 6: piping into sudo -S, chpasswd, passwd --stdin
        "echo hunter2 | sudo -S apt update", "printf 'x\\n' | sudo -kS true", "echo x|sudo --stdin id",
        "echo 'root:x' | chpasswd", "echo x | passwd --stdin root", "cat pw | /usr/bin/sudo -S -u app id",
        // rule 7: mysql -pSECRET, curl/wget user:pass
        "mysql -uroot -phunter2 db", "mysqldump -psecret db", "curl -u alice:pw https://x", "curl -ualice:pw https://x",
        "wget --user alice:pw https://x",
        // rule 8: URL credentials
        "git clone https://alice:pw@example.com/r.git", "psql postgres://app:pw@db/app",
        // rule 9: :set with a secret name
        ":set password hunter2", ":se password x", ":set ssh_passphrase x", ":set token=abc", ":s secret x",
    ]

    @Test(arguments: secret)
    func secretLinesAreNotRecorded(line: String) {
        #expect(!HistoryPolicy.shouldRecord(line))
    }
}
