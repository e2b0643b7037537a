/// The fixed part of the fish script: no completion of files unless a line asks for it,
/// and asking `chorus` for hosts and groups.
extension FishCompletion {
    static let helpers = #"""

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

        """#
}
