# Shared by scripts/bench-*.sh (sourced, not run): timing a command with GNU time, and the
# table every benchmark prints. Each run's wall seconds, peak RSS (KB), user and system CPU
# seconds go to $DIR/LABEL.time, its stdout and stderr to $DIR/LABEL.out and LABEL.err.
# Sourced after ROOT is set: it sets SHOPCTL (the release binary unless SHOPCTL=path) and
# checks the tools every benchmark needs.

fail() {
    echo "${0##*/}: $*" >&2
    exit 1
}

need() {
    if [[ ! -x $1 ]] && ! command -v "$1" >/dev/null; then
        fail "$1 not found; $2"
    fi
}

# run LABEL CMD...: times CMD; its output is kept in $DIR/LABEL.out.
run() {
    local label=$1
    shift
    echo "running $label ..." >&2
    /usr/bin/time -f '%e %M %U %S' -o "$DIR/$label.time" "$@" >"$DIR/$label.out" 2>"$DIR/$label.err" || {
        echo "${0##*/}: $label failed:" >&2
        tail -c 2000 "$DIR/$label.err" >&2
        exit 1
    }
}

# mb FILE: its size in MB (10^6 bytes).
mb() {
    awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f", b / 1e6 }'
}

# The machine a figure was measured on: cores, load average (other builds share it), SQLite.
machine() {
    echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(sqlite3 --version | awk '{print "sqlite3 CLI " $1}')"
}

table_header() {
    printf "%-36s %8s %7s %8s %12s\n" "run" "seconds" "x ref" "CPU s" "peak RSS MB"
}

# table_row TITLE LABEL REF_LABEL: one line of the table, its ratio to REF_LABEL's seconds.
table_row() {
    local s kb u k rs
    read -r s kb u k <"$DIR/$2.time"
    read -r rs _ <"$DIR/$3.time"
    awk -v t="$1" -v s="$s" -v kb="$kb" -v c="$u $k" -v rs="$rs" '
    BEGIN {
        split(c, a, " ")
        printf "%-36s %8.2f %7.2f %8.2f %12.1f\n", t, s, (rs > 0 ? s / rs : 0), a[1] + a[2], kb / 1024
    }'
}

need "${SHOPCTL:=$ROOT/target/release/shopctl}" "run 'cargo build --release' first (or set SHOPCTL=path)"
need sqlite3 "install it: apt-get install -y sqlite3"
need /usr/bin/time "install GNU time: apt-get install -y time"

# data_dir [DIR]: where a benchmark keeps its data, in DIR: the folder named (made if
# missing, kept for the next run) or a temporary one removed at exit.
data_dir() {
    if [[ -n ${1:-} ]]; then
        DIR=$1
        mkdir -p "$DIR"
    else
        DIR=$(mktemp -d)
        trap 'rm -rf "$DIR"' EXIT
    fi
}
