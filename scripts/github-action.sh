#!/usr/bin/env bash
# The GitHub Action's work (action.yml passes its inputs as INPUT_* variables): write the report
# file, a Markdown job summary and workflow annotations, and record licheck's exit code as an output.
# It exits 0 when licheck ran, so that the SARIF upload step still runs; action.yml fails the job after it.
set -uo pipefail

if [ "${INPUT_INSTALL:-true}" = "true" ]; then
  python3 -m pip install --quiet --disable-pip-version-check "${GITHUB_ACTION_PATH:?}" || {
    echo "::error title=licheck::could not install licheck from ${GITHUB_ACTION_PATH}"; exit 1; }
fi
command -v licheck >/dev/null || { echo "::error title=licheck::licheck is not installed (input install: false)"; exit 1; }

read -r -a paths <<< "${INPUT_PATH:-.}"
options=()
[ -n "${INPUT_CONFIG:-}" ] && options+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_FAIL_ON:-}" ] && options+=(--fail-on "$INPUT_FAIL_ON")
report="${INPUT_OUTPUT:-licheck.sarif}"

licheck scan "${options[@]}" --format "${INPUT_FORMAT:-sarif}" --output "$report" "${paths[@]}"
status=$?
# The same run's findings for people: annotations on the changed lines, and the job summary.
licheck scan "${options[@]}" --format github "${paths[@]}" 2>/dev/null
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  licheck scan "${options[@]}" --format markdown "${paths[@]}" >> "$GITHUB_STEP_SUMMARY" 2>/dev/null
fi

[ -f "$report" ] || report=""
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "exit-code=$status"; echo "report=$report"; } >> "$GITHUB_OUTPUT"
fi
exit 0
