# fish completion for chorus, written by `chorus completions fish` from the tables that
# parse its command line. Install: copy it to ~/.config/fish/completions/chorus.fish
# (or to fish's vendor_completions.d). Hosts and @groups come from `chorus` itself, so
# -i and the search order apply.

complete -c chorus -f

function __chorus_in --description 'Whether the line is in one of these contexts (see __chorus_context)'
    contains -- (__chorus_context) $argv
end

function __chorus_inventory --description 'The -i/--inventory given on the line, as arguments for chorus'
    set -l words (commandline -opc)
    for i in (seq 2 (count $words))
        switch $words[$i]
            case -i --inventory
                set -l next (math $i + 1)
                test $next -le (count $words); and printf '%s\n' -i $words[$next]
                return
            case '--inventory=*'
                echo $words[$i]
                return
        end
    end
end

function __chorus_names --description 'Host names (hosts) and @group names (groups) of the inventory in force'
    set -l inventory (__chorus_inventory)
    for kind in $argv
        if test $kind = hosts
            chorus $inventory hosts --expand 2>/dev/null
        else
            chorus $inventory groups 2>/dev/null | string replace -rf '^([^:]*):.*' '@$1'
        end
    end
end

function __chorus_list --description 'Candidates from stdin as the last element of the comma-separated token'
    set -l head (string replace -r '[^,]*$' '' -- (commandline -ct))
    while read -l candidate
        echo $head$candidate
    end
end

function __chorus_groups --description 'GROUP, or @GROUP once @ is typed'
    if string match -q -- '@*' (string replace -r '.*,' '' -- (commandline -ct))
        __chorus_names groups | __chorus_list
    else
        __chorus_names groups | string replace -r '^@' '' | __chorus_list
    end
end

function __chorus_context --description 'The subcommand on the line: empty for none yet, - once a remote command has begun'
    set -l skip 0
    set -l selects 0
    set -l words (commandline -opc)
    set -e words[1]
    for word in $words
        if test $skip = 1
            set skip 0
            continue
        end
        if test "$word" = --
            echo -
            return
        end
        switch $word
            case -w -x -g --group -a --all --hostfile
                set skip 1
                set selects 1
            case --pick --outdir --errdir --workers -i --inventory --known-hosts --host-key-policy -J --jump --gateway -l --user -f --fanout -t --connect-timeout -u --command-timeout --keepalive -o --output --color --output-memory -F --ssh-config -O --ssh-option --persist
                set skip 1
            case '-*'
            case help hosts groups put get batch_run batch_scp completions log mux
                if test $selects = 1
                    echo -
                else
                    echo $word
                end
                return
            case '*'
                echo -
                return
        end
    end
    if test $selects = 1
        echo +
    else
        echo ''
    end
end

# global options, before or after a subcommand
complete -c chorus -n "not __chorus_in -" -s i -l inventory -r -F -d 'inventory file or directory (default: $CHORUS_INVENTORY, then the search path)'
complete -c chorus -n "not __chorus_in -" -l known-hosts -r -F -d 'known_hosts file to check and record host keys (default: $CHORUS_KNOWN_HOSTS, else ~/.ssh/known_hosts)'
complete -c chorus -n "not __chorus_in -" -l host-key-policy -r -f -a 'strict accept-new off' -d 'strict | accept-new | off (default: accept-new, as OpenSSH)'
complete -c chorus -n "not __chorus_in -" -s J -l jump -r -f -a '(begin; echo none; __chorus_names hosts; end | __chorus_list)' -d 'reach every host through these bastions, in order (ProxyJump); none: directly'
complete -c chorus -n "not __chorus_in -" -l gateway -r -f -a '(begin; echo none; __chorus_names hosts; end | __chorus_list)' -d 'run each host\'s commands on a worker on one of these gateways; none: from here'
complete -c chorus -n "not __chorus_in -" -s l -l user -r -f -a '(__fish_complete_users)' -d 'log in as USER on every host'
complete -c chorus -n "not __chorus_in -" -s A -l ask-password -d 'ask once per user for the password of hosts that have none (on the terminal, echo off)'
complete -c chorus -n "not __chorus_in -" -s f -l fanout -x -d 'hosts connecting at once (default: 64)'
complete -c chorus -n "not __chorus_in -" -s t -l connect-timeout -x -d 'give up connecting to a host after SECONDS (default: 10)'
complete -c chorus -n "not __chorus_in -" -s u -l command-timeout -x -d 'stop a command still running after SECONDS (default: none)'
complete -c chorus -n "not __chorus_in -" -l keepalive -x -d 'probe each host every SECONDS; three unanswered probes drop it (default: 15)'
complete -c chorus -n "not __chorus_in -" -s o -l output -r -f -a 'live gather json' -d 'live | gather | json (default: live)'
complete -c chorus -n "not __chorus_in -" -l color -r -f -a 'auto always never' -d 'auto | always | never (default: auto; NO_COLOR honoured)'
complete -c chorus -n "not __chorus_in -" -l output-memory -x -d 'output kept in memory for all hosts; more goes to a temporary file (default: 256)'
complete -c chorus -n "not __chorus_in -" -s F -l ssh-config -r -F -d 'OpenSSH client configuration to read (default: ~/.ssh/config, then /etc/ssh/ssh_config; none: none)'
complete -c chorus -n "not __chorus_in -" -s O -l ssh-option -x -d 'an OpenSSH option, as if first in the configuration (repeatable; e.g. -O Port=2222)'
complete -c chorus -n "not __chorus_in -" -l sudo -d 'run commands as root through sudo (password asked once; $CHORUS_SUDO_PASSWORD without a terminal)'
complete -c chorus -n "not __chorus_in -" -l persist -x -d 'keep the sessions open in the background for later runs until idle for DURATION (10m, 1h; no: never)'
complete -c chorus -n "not __chorus_in -" -l no-audit -d 'write no line to the audit trail (~/.local/state/chorus/audit.jsonl; also CHORUS_AUDIT=off)'

# before a subcommand
complete -c chorus -n "__chorus_in '' +" -s w -r -f -a '(__chorus_names hosts groups | __chorus_list)' -d 'hosts to run on (ranges, @groups, globs, set operators)'
complete -c chorus -n "__chorus_in '' +" -s x -r -f -a '(__chorus_names hosts groups | __chorus_list)' -d 'hosts to leave out'
complete -c chorus -n "__chorus_in '' +" -s g -l group -r -f -a '(__chorus_groups)' -d 'every host of these groups'
complete -c chorus -n "__chorus_in '' +" -s a -l all -d 'every host of the inventory (as clush -a)'
complete -c chorus -n "__chorus_in '' +" -l hostfile -r -F -d 'hosts to run on, one name or pattern per line (also -w ^FILE; -w - reads them from standard input)'
complete -c chorus -n "__chorus_in '' +" -l pick -x -d 'run on N hosts picked at random from the selection'
complete -c chorus -n "__chorus_in '' +" -s b -l gather -d 'group hosts with identical output (like clush -b; stderr shown as it comes)'
complete -c chorus -n "__chorus_in '' +" -s B -d 'like -b, with standard error included'
complete -c chorus -n "__chorus_in '' +" -s N -d 'live lines without the host label (to pipe one host\'s output on)'
complete -c chorus -n "__chorus_in '' +" -l diff -d 'show how outputs differ: unified diffs against the largest group of identical ones'
complete -c chorus -n "__chorus_in '' +" -s S -d 'exit with the largest remote exit status (255 for a host with none)'
complete -c chorus -n "__chorus_in '' +" -l outdir -r -f -a '(__fish_complete_directories (commandline -ct))' -d 'write each host\'s standard output to DIR/HOST'
complete -c chorus -n "__chorus_in '' +" -l errdir -r -f -a '(__fish_complete_directories (commandline -ct))' -d 'write each host\'s standard error to DIR/HOST'
complete -c chorus -n "__chorus_in '' +" -l workers -x -d 'worker processes (default: number of CPUs)'
complete -c chorus -n "__chorus_in '' +" -l pty -d 'run with a pseudo-terminal (stderr merges into stdout)'
complete -c chorus -n "__chorus_in '' +" -l no-stdin -d 'do not send standard input to the hosts (they read /dev/null)'
complete -c chorus -n "__chorus_in '' +" -s h -l help -d 'show help'
complete -c chorus -n "__chorus_in '' +" -l version -d 'show the version'
complete -c chorus -n "__chorus_in ''" -a help -d 'show this help, or a subcommand\'s'
complete -c chorus -n "__chorus_in ''" -a hosts -d 'show the hosts a pattern selects (default: every inventory host)'
complete -c chorus -n "__chorus_in ''" -a groups -d 'list the inventory\'s groups with their hosts'
complete -c chorus -n "__chorus_in ''" -a put -d 'copy local files to every selected host'
complete -c chorus -n "__chorus_in ''" -a get -d 'copy files from every selected host into LOCALDIR/HOST/'
complete -c chorus -n "__chorus_in ''" -a batch_run -d 'the original syntax: run a command on hosts and groups'
complete -c chorus -n "__chorus_in ''" -a batch_scp -d 'the original syntax: copy a file to or from hosts and groups'
complete -c chorus -n "__chorus_in ''" -a completions -d 'print the completion script for bash, zsh or fish'
complete -c chorus -n "__chorus_in ''" -a log -d 'show the last commands and transfers from the audit trail'
complete -c chorus -n "__chorus_in ''" -a mux -d 'show or stop the session mux that --persist leaves running'

# help
complete -c chorus -n "__chorus_in help" -l help -d 'show help'
complete -c chorus -n "__chorus_in help" -f -a 'help hosts groups put get batch_run batch_scp completions log mux'

# hosts
complete -c chorus -n "__chorus_in hosts" -s x -l expand -d 'one host name per line'
complete -c chorus -n "__chorus_in hosts" -l json -d 'one JSON array of the hosts with their resolved settings'
complete -c chorus -n "__chorus_in hosts" -l help -d 'show help'
complete -c chorus -n "__chorus_in hosts" -f -a '(__chorus_names hosts groups | __chorus_list)'

# groups
complete -c chorus -n "__chorus_in groups" -l json -d 'one JSON array: name, folded hosts, host names, count'
complete -c chorus -n "__chorus_in groups" -l help -d 'show help'

# put
complete -c chorus -n "__chorus_in put" -s w -r -f -a '(__chorus_names hosts groups | __chorus_list)' -d 'hosts to run on (ranges, @groups, globs, set operators)'
complete -c chorus -n "__chorus_in put" -s x -r -f -a '(__chorus_names hosts groups | __chorus_list)' -d 'hosts to leave out'
complete -c chorus -n "__chorus_in put" -s g -l group -r -f -a '(__chorus_groups)' -d 'every host of these groups'
complete -c chorus -n "__chorus_in put" -s a -l all -d 'every host of the inventory (as clush -a)'
complete -c chorus -n "__chorus_in put" -l hostfile -r -F -d 'hosts to run on, one name or pattern per line (also -w ^FILE; -w - reads them from standard input)'
complete -c chorus -n "__chorus_in put" -s r -l recursive -d 'copy folders and everything in them'
complete -c chorus -n "__chorus_in put" -s p -l preserve -d 'keep times (get: and the host\'s permission bits, never set-uid)'
complete -c chorus -n "__chorus_in put" -l checksum -d 'compare SHA-256 of both sides before each file is put in place'
complete -c chorus -n "__chorus_in put" -l per-host -d 'print a line per host as it finishes (bytes, time, rate)'
complete -c chorus -n "__chorus_in put" -l workers -x -d 'worker processes (default: number of CPUs)'
complete -c chorus -n "__chorus_in put" -s L -l dereference -d 'with -r, send the files symlinks point to'
complete -c chorus -n "__chorus_in put" -l help -d 'show help'
complete -c chorus -n "__chorus_in put" -F

# get
complete -c chorus -n "__chorus_in get" -s w -r -f -a '(__chorus_names hosts groups | __chorus_list)' -d 'hosts to run on (ranges, @groups, globs, set operators)'
complete -c chorus -n "__chorus_in get" -s x -r -f -a '(__chorus_names hosts groups | __chorus_list)' -d 'hosts to leave out'
complete -c chorus -n "__chorus_in get" -s g -l group -r -f -a '(__chorus_groups)' -d 'every host of these groups'
complete -c chorus -n "__chorus_in get" -s a -l all -d 'every host of the inventory (as clush -a)'
complete -c chorus -n "__chorus_in get" -l hostfile -r -F -d 'hosts to run on, one name or pattern per line (also -w ^FILE; -w - reads them from standard input)'
complete -c chorus -n "__chorus_in get" -s r -l recursive -d 'copy folders and everything in them'
complete -c chorus -n "__chorus_in get" -s p -l preserve -d 'keep times (get: and the host\'s permission bits, never set-uid)'
complete -c chorus -n "__chorus_in get" -l checksum -d 'compare SHA-256 of both sides before each file is put in place'
complete -c chorus -n "__chorus_in get" -l per-host -d 'print a line per host as it finishes (bytes, time, rate)'
complete -c chorus -n "__chorus_in get" -l workers -x -d 'worker processes (default: number of CPUs)'
complete -c chorus -n "__chorus_in get" -l help -d 'show help'
complete -c chorus -n "__chorus_in get" -F

# batch_run
complete -c chorus -n "__chorus_in batch_run" -s h -r -f -a '(__chorus_names hosts | __chorus_list)' -d 'hosts to run on'
complete -c chorus -n "__chorus_in batch_run" -s g -r -f -a '(__chorus_groups)' -d 'groups to run on'
complete -c chorus -n "__chorus_in batch_run" -o cmd -x -d 'the command (quote it)'
complete -c chorus -n "__chorus_in batch_run" -l pick -x -d 'run on N hosts picked at random from the selection'
complete -c chorus -n "__chorus_in batch_run" -s b -l gather -d 'group hosts with identical output (like clush -b; stderr shown as it comes)'
complete -c chorus -n "__chorus_in batch_run" -s B -d 'like -b, with standard error included'
complete -c chorus -n "__chorus_in batch_run" -s N -d 'live lines without the host label (to pipe one host\'s output on)'
complete -c chorus -n "__chorus_in batch_run" -l diff -d 'show how outputs differ: unified diffs against the largest group of identical ones'
complete -c chorus -n "__chorus_in batch_run" -s S -d 'exit with the largest remote exit status (255 for a host with none)'
complete -c chorus -n "__chorus_in batch_run" -l outdir -r -f -a '(__fish_complete_directories (commandline -ct))' -d 'write each host\'s standard output to DIR/HOST'
complete -c chorus -n "__chorus_in batch_run" -l errdir -r -f -a '(__fish_complete_directories (commandline -ct))' -d 'write each host\'s standard error to DIR/HOST'
complete -c chorus -n "__chorus_in batch_run" -l workers -x -d 'worker processes (default: number of CPUs)'
complete -c chorus -n "__chorus_in batch_run" -l pty -d 'run with a pseudo-terminal (stderr merges into stdout)'
complete -c chorus -n "__chorus_in batch_run" -l no-stdin -d 'do not send standard input to the hosts (they read /dev/null)'
complete -c chorus -n "__chorus_in batch_run" -l help -d 'show help'

# batch_scp
complete -c chorus -n "__chorus_in batch_scp" -s h -r -f -a '(__chorus_names hosts | __chorus_list)' -d 'hosts to copy to or from'
complete -c chorus -n "__chorus_in batch_scp" -s g -r -f -a '(__chorus_groups)' -d 'groups to copy to or from'
complete -c chorus -n "__chorus_in batch_scp" -o action -r -f -a 'put get' -d 'put: local → hosts; get: hosts → local/HOST/'
complete -c chorus -n "__chorus_in batch_scp" -o local -r -F -d 'the local file (put) or folder (get)'
complete -c chorus -n "__chorus_in batch_scp" -o remote -x -d 'the remote folder or file (put) or file (get)'
complete -c chorus -n "__chorus_in batch_scp" -s r -l recursive -d 'copy folders and everything in them'
complete -c chorus -n "__chorus_in batch_scp" -s p -l preserve -d 'keep times (get: and the host\'s permission bits, never set-uid)'
complete -c chorus -n "__chorus_in batch_scp" -l checksum -d 'compare SHA-256 of both sides before each file is put in place'
complete -c chorus -n "__chorus_in batch_scp" -l per-host -d 'print a line per host as it finishes (bytes, time, rate)'
complete -c chorus -n "__chorus_in batch_scp" -l workers -x -d 'worker processes (default: number of CPUs)'
complete -c chorus -n "__chorus_in batch_scp" -l help -d 'show help'

# completions
complete -c chorus -n "__chorus_in completions" -l help -d 'show help'
complete -c chorus -n "__chorus_in completions" -f -a 'bash zsh fish'

# log
complete -c chorus -n "__chorus_in log" -s n -x -d 'how many entries, newest last (default: 20)'
complete -c chorus -n "__chorus_in log" -l json -d 'the entries\' JSON lines as stored'
complete -c chorus -n "__chorus_in log" -l help -d 'show help'

# mux
complete -c chorus -n "__chorus_in mux" -l help -d 'show help'
complete -c chorus -n "__chorus_in mux" -f -a 'status stop'
