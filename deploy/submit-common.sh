# Sourced by submit-yarn.sh and submit-k8s.sh, whose drivers run on cluster nodes that cannot read
# this machine's files. Needs: die (the script's own, with its name) and the array args.

# Appends --set KEY=VALUE to args for each key=value line of the properties file $1; a missing
# file or an unsupported line stops the script (exit 2), here in the main shell, not in a subshell
# whose exit would be lost.
add_conf_as_sets() {
  [[ -r "$1" ]] || die "configuration file $1 does not exist"
  local lines
  lines="$(awk '
    /^[ \t]*([#!]|$)/ { next }
    /\\$/ { print FILENAME ":" FNR ": line continuations are not supported"; exit 3 }
    { sub(/^[ \t]+/, "")
      if (match($0, /[ \t]*[=:][ \t]*|[ \t]+/)) { print substr($0, 1, RSTART - 1) "=" substr($0, RSTART + RLENGTH) }
      else { print $0 "=" } }' "$1")" || die "${lines##*$'\n'}"
  local p
  while IFS= read -r p; do
    [[ -n "$p" ]] && args+=(--set "$p")
  done <<< "$lines"
}

# Warns about the paths in args that the driver cannot read (the last value of each counts);
# $1 names where the driver runs, e.g. "in a pod".
warn_local_paths() {
  local -A last=()
  local i
  for ((i = 0; i < ${#args[@]} - 1; i++)); do
    case "${args[i]}" in
      --out|--model|--data|--output) last["${args[i]}"]="${args[i+1]}" ;;
      --set) [[ "${args[i+1]}" =~ ^(data\.(train|test))=(.*)$ ]] && last["${BASH_REMATCH[1]}"]="${BASH_REMATCH[3]}" ;;
    esac
  done
  local k
  for k in "${!last[@]}"; do
    [[ "${last[$k]}" == *://* ]] || echo "$SUBMIT_NAME: warning: $k ${last[$k]} is a local path; the driver runs $1 (use hdfs:// or s3a://)" >&2
  done
}
