#!/bin/sh
# Keeps the hand-written man pages in step with the programs: the --help output of the built
# bakend and baken is the truth, and the pages must name all of it.
#
#   bakend.8: every option of `bakend --help` is in OPTIONS, and OPTIONS lists no option that
#             bakend does not have.
#   baken.1:  every global option of `baken --help` is in GLOBAL OPTIONS; every command, down
#             to the last subcommand, has its own `.SS "baken COMMAND ..."` heading whose
#             section names every option of that command's --help; and every such heading
#             is a command baken accepts.
#
# Usage: check_man_pages_cover_help.sh BAKEND BAKEN BAKEND_8 BAKEN_1
set -eu

bakend=$1
baken=$2
bakend_page=$3
baken_page=$4
failed=0

fail() {
    echo "FAIL: $*"
    failed=1
}

# The long options in the "Options:" block of a --help text (stdin), one per line.
help_options() {
    awk '/^Options:/ { in_block = 1; next } /^$/ { in_block = 0 } in_block && /^  +-/ { print $1 }' |
        grep -o -e '--[a-z0-9][a-z0-9-]*' | grep -v -x -e '--help' || true
}

# The names in the "Subcommands:" block of a --help text (stdin).
help_subcommands() {
    awk '/^Subcommands:/ { in_block = 1; next } /^$/ { in_block = 0 } in_block && /^  +[a-z]/ { print $1 }'
}

# An option as roff writes it: "--sync-listen" is "\-\-sync\-listen".
roff_option() {
    printf '%s\n' "$1" | sed 's/-/\\-/g'
}

# The item lines of a roff list (stdin): the line after each .TP, where an option is named.
tp_items() {
    awk 'prev == ".TP" { print } { prev = $0 }'
}

# The lines of a page from the heading line that equals $2 (a .SH) up to the next .SH.
page_section() {
    awk -v heading="$2" '$0 == heading { p = 1; next } p && /^\.SH / { p = 0 } p' "$1"
}

# The lines of baken.1 under the .SS heading for command "$1" ("post sitrep") up to the next
# .SS or .SH. The heading is `.SS "baken post sitrep` followed by a space or the quote.
command_section() {
    awk -v cmd="baken $1" '
        /^\.S[SH] / { p = 0 }
        index($0, ".SS \"" cmd) == 1 {
            rest = substr($0, length(".SS \"" cmd) + 1)
            if (rest ~ /^[ "]/) p = 1
            next
        }
        p' "$baken_page"
}

# ---- bakend.8 ---------------------------------------------------------------------------
bakend_help=$("$bakend" --help)
bakend_options=$(printf '%s\n' "$bakend_help" | help_options)
[ -n "$bakend_options" ] || fail "no options found in 'bakend --help'"
options_section=$(page_section "$bakend_page" ".SH OPTIONS")
[ -n "$options_section" ] || fail "$bakend_page has no OPTIONS section"
for option in $bakend_options; do
    if printf '%s\n' "$options_section" | tp_items | grep -q -F -e "$(roff_option "$option")"; then
        echo "ok: bakend.8 describes $option"
    else
        fail "bakend.8 OPTIONS does not describe $option (bakend --help lists it)"
    fi
done
# The other way round: the first option named on each .TP item of OPTIONS must exist.
for documented in $(printf '%s\n' "$options_section" | tp_items |
    sed 's/\\-/-/g' | grep -o -e '--[a-z0-9][a-z0-9-]*' | grep -v -x -e '--help'); do
    printf '%s\n' "$bakend_options" | grep -q -x -e "$documented" ||
        fail "bakend.8 OPTIONS describes $documented, which bakend --help does not list"
done

# ---- baken.1 ----------------------------------------------------------------------------
baken_help=$("$baken" --help)
global_section=$(page_section "$baken_page" ".SH GLOBAL OPTIONS")
[ -n "$global_section" ] || fail "$baken_page has no GLOBAL OPTIONS section"
for option in $(printf '%s\n' "$baken_help" | help_options); do
    printf '%s\n' "$global_section" | tp_items | grep -q -F -e "$(roff_option "$option")" ||
        fail "baken.1 GLOBAL OPTIONS does not describe $option"
done
printf '%s\n' "$(page_section "$baken_page" ".SH ENVIRONMENT")" | grep -q 'BAKEN_DATA' ||
    fail "baken.1 ENVIRONMENT does not name BAKEN_DATA"

# Walks the command tree breadth first; bounded by baken's own tree (at most 3 levels).
commands_checked=0
known_commands=$(mktemp)
trap 'rm -f "$known_commands"' EXIT
pending=$(printf '%s\n' "$baken_help" | help_subcommands)
[ -n "$pending" ] || fail "no subcommands found in 'baken --help'"
while [ -n "$pending" ]; do
    next_level=""
    for command in $(printf '%s\n' "$pending" | tr ' ' '+'); do
        command=$(printf '%s' "$command" | tr '+' ' ')
        printf '%s\n' "$command" >>"$known_commands"
        # shellcheck disable=SC2086 # the command words are meant to split
        command_help=$("$baken" $command --help) || {
            fail "baken $command --help failed"
            continue
        }
        subcommands=$(printf '%s\n' "$command_help" | help_subcommands)
        if [ -n "$subcommands" ]; then
            grep -q -F -e ".SS \"baken $command " "$baken_page" ||
                fail "baken.1 has no .SS heading for any 'baken $command ...'"
            for sub in $subcommands; do
                next_level="$next_level$command+$sub
"
            done
            continue
        fi
        commands_checked=$((commands_checked + 1))
        section=$(command_section "$command")
        if [ -z "$section" ]; then
            fail "baken.1 has no section .SS \"baken $command\""
            continue
        fi
        missing=""
        for option in $(printf '%s\n' "$command_help" | help_options); do
            printf '%s\n' "$section" | grep -q -F -e "$(roff_option "$option")" ||
                missing="$missing $option"
        done
        if [ -n "$missing" ]; then
            fail "baken.1 section 'baken $command' does not name:$missing"
        else
            echo "ok: baken.1 describes baken $command and its options"
        fi
    done
    pending=$(printf '%s' "$next_level" | tr '+' ' ')
done
[ "$commands_checked" -ge 1 ] || fail "no baken command was checked"

# Every command heading in baken.1 must be a command the walk above found: its words up to
# the first placeholder ([...], NAME, ID..., \-...).
for heading in $(grep '^\.SS "baken ' "$baken_page" | sed 's/^\.SS "baken //; s/"$//' | tr ' ' '+'); do
    words=""
    for word in $(printf '%s' "$heading" | tr '+' ' '); do
        case $word in
        [a-z]*) words="$words${words:+ }$word" ;;
        *) break ;;
        esac
    done
    grep -q -x -F -e "$words" "$known_commands" ||
        fail "baken.1 has a section for 'baken $words', which is not a baken command"
done

echo "checked $commands_checked baken commands"
exit "$failed"
