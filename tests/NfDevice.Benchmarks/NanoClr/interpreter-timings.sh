#!/bin/bash
# Times the core's costly operations on the real nanoFramework interpreter (InterpreterTimings.cs), for the working
# tree and, when a git revision is given, for that revision's src/NfDevice.Jobs too, alternating the two so that the
# machine's load falls on both alike. Needs the .NET SDK and ../shared/tools/nanoclr (NFDEVICE_NANOCLR overrides).
# Usage: bash tests/NfDevice.Benchmarks/NanoClr/interpreter-timings.sh [REVISION] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
nanoclr="${NFDEVICE_NANOCLR:-$root/../shared/tools/nanoclr/nanoclr}"
revision="${1:-}"
rounds="${2:-3}"
refs="$(bash "$nanoclr" refs)"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
csc="$( (ls -d "$dotnet_root"/sdk/*/Roslyn/bincore/csc.dll 2>/dev/null || true) | sort -V | tail -1)"
[ -n "$csc" ] || { echo "no Roslyn csc.dll under $dotnet_root/sdk" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
libs=(-r:"$refs/mscorlib.dll" -r:"$refs/nanoFramework.System.Collections.dll" -r:"$refs/nanoFramework.System.Text.dll" -r:"$refs/System.Threading.dll")
opts=(-nologo -noconfig -nostdlib+ -langversion:9 -deterministic -optimize+ -define:NANOFRAMEWORK_1_0 -nowarn:1591)

build() { # build NAME SOURCE_DIR: the core and the timing program as .pe images under $work/NAME
  mkdir -p "$work/$1"
  mapfile -t files < <(find "$2" -name '*.cs' | sort)
  dotnet "$csc" "${opts[@]}" -target:library "${libs[@]}" -out:"$work/$1/NfDevice.Jobs.dll" "${files[@]}" > "$work/$1/csc.log" || { cat "$work/$1/csc.log"; exit 1; }
  dotnet "$csc" "${opts[@]}" -target:exe "${libs[@]}" -r:"$work/$1/NfDevice.Jobs.dll" -out:"$work/$1/Timings.exe" "$here/InterpreterTimings.cs" > "$work/$1/csc2.log" || { cat "$work/$1/csc2.log"; exit 1; }
  bash "$nanoclr" pe "$work/$1/NfDevice.Jobs.dll" "$work/$1/NfDevice.Jobs.pe" > /dev/null
  bash "$nanoclr" pe "$work/$1/Timings.exe" "$work/$1/Timings.pe" NfDevice.Jobs "$work/$1/NfDevice.Jobs.dll" > /dev/null
}

build current "$root/src/NfDevice.Jobs"
names=(current)
if [ -n "$revision" ]; then
  mkdir -p "$work/src-$revision"
  git -C "$root" archive "$revision" src/NfDevice.Jobs | tar -x -C "$work/src-$revision"
  build "$revision" "$work/src-$revision/src/NfDevice.Jobs"
  names=("$revision" current)
fi

echo "# nanoCLR timings, $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for name in "${names[@]}"; do
    echo "## $name (round $round)"
    bash "$nanoclr" run -t 600 "$work/$name/NfDevice.Jobs.pe" "$work/$name/Timings.pe" | grep -E 'median|FAILED|DONE'
  done
done
