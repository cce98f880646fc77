#!/usr/bin/env bash
# The GitHub Action's work (action.yml passes its inputs as INPUT_* variables). One scan writes every
# report: the main one (format/output), the extra `reports`, the workflow annotations, the Markdown job
# summary and a JSON copy for the counts; then licheck's exit code, the counts and the report paths
# become the step's outputs. It exits 0 when licheck ran, so that the SARIF upload step still runs;
# action.yml fails the job after it.
set -uo pipefail

if [ "${INPUT_INSTALL:-true}" = "true" ]; then
  python3 -m pip install --quiet --disable-pip-version-check "${GITHUB_ACTION_PATH:?}" || {
    echo "::error title=licheck::could not install licheck from ${GITHUB_ACTION_PATH}"; exit 1; }
fi
command -v licheck >/dev/null || { echo "::error title=licheck::licheck is not installed (input install: false)"; exit 1; }

read -r -a paths <<< "${INPUT_PATH:-.}"
read -r -a extra_args <<< "${INPUT_ARGS:-}"  # further `licheck scan` options, e.g. --online --mau 5000000
options=()
[ -n "${INPUT_CONFIG:-}" ] && options+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_FAIL_ON:-}" ] && options+=(--fail-on "$INPUT_FAIL_ON")

work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/licheck.XXXXXX")
report="${INPUT_OUTPUT:-licheck.sarif}"
main_format="${INPUT_FORMAT:-sarif}"
reports=(--format "$main_format" --output "$report")
written=("$report")
sarif=""
[ "$main_format" = "sarif" ] && sarif="$report"
while read -r extra_format extra_file rest; do  # `reports`: one "FORMAT FILE" pair per line
  [ -z "${extra_format:-}" ] && continue
  if [ -z "${extra_file:-}" ] || [ -n "${rest:-}" ]; then
    echo "::error title=licheck::reports: write one 'FORMAT FILE' pair per line, not '$extra_format ${extra_file:-} ${rest:-}'"
    exit 1
  fi
  reports+=(--format "$extra_format" --output "$extra_file")
  written+=("$extra_file")
  [ -z "$sarif" ] && [ "$extra_format" = "sarif" ] && sarif="$extra_file"
done <<< "${INPUT_REPORTS:-}"
[ "${INPUT_ANNOTATIONS:-true}" = "true" ] && reports+=(--format github --output "$work/annotations.txt")
[ "${INPUT_JOB_SUMMARY:-true}" = "true" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ] && reports+=(--format markdown --output "$work/summary.md")
reports+=(--format json --output "$work/counts.json")

licheck scan "${options[@]}" "${extra_args[@]}" "${reports[@]}" "${paths[@]}"
status=$?

# Workflow commands are read from the step's output: the annotations go there.
[ -f "$work/annotations.txt" ] && cat "$work/annotations.txt"
[ -f "$work/summary.md" ] && cat "$work/summary.md" >> "$GITHUB_STEP_SUMMARY"

counts="models=0 errors=0 warnings=0 accepted=0"
if [ -f "$work/counts.json" ]; then
  counts=$(python3 - "$work/counts.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1], encoding="utf-8"))["results"]
findings = [f for r in results for f in r["findings"]]
open_ = [f for f in findings if f["accepted"] is None or f["accepted"].get("expired")]
print(f"models={len(results)}",
      f"errors={sum(f['severity'] == 'error' for f in open_)}",
      f"warnings={sum(f['severity'] == 'warning' for f in open_)}",
      f"accepted={len(findings) - len(open_)}")
PY
)
fi

existing=()
for file in "${written[@]}"; do [ -f "$file" ] && existing+=("$file"); done
[ -f "$report" ] || report=""
[ -n "$sarif" ] && [ ! -f "$sarif" ] && sarif=""
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$status"
    echo "report=$report"
    echo "sarif=$sarif"
    for pair in $counts; do echo "$pair"; done
    echo "reports<<LICHECK_REPORTS_END"
    for file in "${existing[@]}"; do echo "$file"; done
    echo "LICHECK_REPORTS_END"
  } >> "$GITHUB_OUTPUT"
fi
rm -rf "$work"
exit 0
