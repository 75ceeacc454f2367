# The end-to-end tests' checks, sourced by the scripts under test/.
passed=0 failed=0

# expect NAME STATUS EXPECTED_OUTPUT_REGEX -- COMMAND...: runs COMMAND (stdout and stderr
# together), checks its exit status and that the output matches the regex.
expect() {
  local name=$1 status=$2 pattern=$3
  shift 4
  local output actual
  output=$("$@" 2>&1)
  actual=$?
  if [[ $actual -eq $status ]] && grep -Eq -- "$pattern" <<<"$output"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s: exit %s (expected %s); output:\n%s\n' "$name" "$actual" "$status" "$output"
  fi
}

# expect_exact NAME STATUS EXPECTED -- COMMAND...: as expect, but the whole output (stdout
# and stderr together, final newlines aside) must be EXPECTED.
expect_exact() {
  local name=$1 status=$2 want=$3
  shift 4
  local output actual
  output=$("$@" 2>&1)
  actual=$?
  if [[ $actual -eq $status && $output == "$want" ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s: exit %s (expected %s); output:\n%s\nexpected:\n%s\n' "$name" "$actual" "$status" "$output" "$want"
  fi
}
