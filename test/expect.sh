# The end-to-end tests' checks, sourced by the scripts under test/.
passed=0 failed=0

# enter_scratch_dir [TEMPLATE]: a new folder from mktemp (TEMPLATE, if given), as $work and
# the current folder, removed when the script exits.
enter_scratch_dir() {
  work=$(mktemp -d "$@")
  trap 'rm -rf "$work"' EXIT
  cd "$work" || exit 2
}

# check_run NAME STATUS MATCH EXPECTED -- COMMAND...: runs COMMAND (stdout and stderr
# together) and counts a pass when its exit status is STATUS and `MATCH OUTPUT EXPECTED`
# succeeds.
check_run() {
  local name=$1 status=$2 match=$3 want=$4
  shift 5
  local output actual
  output=$("$@" 2>&1)
  actual=$?
  if [[ $actual -eq $status ]] && "$match" "$output" "$want"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s: exit %s (expected %s); output:\n%s\nexpected:\n%s\n' "$name" "$actual" "$status" "$output" "$want"
  fi
}
matches_regex() { grep -Eq -- "$2" <<<"$1"; }
equals() { [[ $1 == "$2" ]]; }

# expect NAME STATUS EXPECTED_OUTPUT_REGEX -- COMMAND...: the exit status, and output that
# matches the regex.
expect() { check_run "$1" "$2" matches_regex "${@:3}"; }

# expect_exact NAME STATUS EXPECTED -- COMMAND...: the exit status, and the whole output
# (final newlines aside) equal to EXPECTED.
expect_exact() { check_run "$1" "$2" equals "${@:3}"; }
