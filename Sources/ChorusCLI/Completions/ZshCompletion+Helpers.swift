/// The fixed part of the zsh script: asking `chorus` for hosts and groups.
extension ZshCompletion {
    static let helpers = #"""

        _chorus_inventory() {
            # Sets reply to the -i/--inventory given on the line, as arguments for chorus.
            local i
            reply=()
            for ((i = 2; i < ${#_chorus_line}; i++)); do
                case $_chorus_line[i] in
                    -i|--inventory) reply=(-i "$_chorus_line[i+1]"); return ;;
                    --inventory=*) reply=("$_chorus_line[i]"); return ;;
                esac
            done
        }

        _chorus_names() {
            # Prints host names (hosts), or @group names (groups), of the inventory in force.
            local -a reply
            _chorus_inventory
            if [[ $1 == hosts ]]; then
                chorus $reply hosts --expand 2>/dev/null
            else
                chorus $reply groups 2>/dev/null | sed -n 's/^\([^:]*\):.*/@\1/p'
            fi
        }

        _chorus_targets() {
            # Hosts and @groups, as the last element of a comma-separated pattern.
            local -a targets
            targets=(${(f)"$(_chorus_names hosts)"} ${(f)"$(_chorus_names groups)"})
            compset -P '*,'
            _describe -t targets 'host or @group' targets
        }

        _chorus_hosts() {
            local -a hosts
            hosts=(${(f)"$(_chorus_names hosts)"})
            compset -P '*,'
            _describe -t hosts 'host' hosts
        }

        _chorus_bastions() {
            local -a hosts
            hosts=(none ${(f)"$(_chorus_names hosts)"})
            compset -P '*,'
            _describe -t hosts 'bastion' hosts
        }

        _chorus_groups() {
            # GROUP, or @GROUP once @ is typed.
            local -a groups
            groups=(${(f)"$(_chorus_names groups)"})
            compset -P '*,'
            [[ $PREFIX == @* ]] || groups=(${groups#@})
            _describe -t groups 'group' groups
        }

        """#
}
