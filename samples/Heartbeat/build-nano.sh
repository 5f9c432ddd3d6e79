#!/bin/sh
# The nanoFramework 1.x build of the Heartbeat sample, from the same sources as Heartbeat.csproj: compiled with the
# .NET SDK's C# compiler against nanoFramework's own mscorlib (from the nanoCLR tool folder) and converted to the
# .pe image nanoCLR loads. Output: OUT/Sample.Heartbeat.dll and OUT/Sample.Heartbeat.pe (default OUT: bin/nano).
# With Visual Studio and the nanoFramework extension, a class library project with these three files gives the same.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/bin/nano"}
nanoclr=${NANOCLR:-"$here/../../../shared/tools/nanoclr/nanoclr"}
if [ ! -x "$nanoclr" ]; then
  echo "build-nano: the nanoCLR tool is not at $nanoclr (set NANOCLR to its path)" >&2
  exit 2
fi
csc=$(ls -d "$(dirname "$(command -v dotnet)")"/sdk/*/Roslyn/bincore/csc.dll /usr/share/dotnet/sdk/*/Roslyn/bincore/csc.dll 2>/dev/null | sort -V | tail -1)
refs=$("$nanoclr" refs)
mkdir -p "$out"
# -langversion:9: newer compilers add attribute types nanoCLR cannot bind (see the tool's README).
dotnet "$csc" -nologo -noconfig -nostdlib+ -langversion:9 -target:library -deterministic -optimize+ \
  -define:NANOFRAMEWORK_1_0 -r:"$refs/mscorlib.dll" \
  -out:"$out/Sample.Heartbeat.dll" "$here/App.cs" "$here/BuildInfo.cs" "$here/HeartbeatOutput.cs"
"$nanoclr" pe "$out/Sample.Heartbeat.dll" "$out/Sample.Heartbeat.pe"
echo "build-nano: $out/Sample.Heartbeat.pe"
