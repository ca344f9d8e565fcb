#!/usr/bin/env bash
# Builds the deployable package of the Functions app: artifacts/publish/functions/ and artifacts/readiness-functions.zip,
# a dotnet-isolated payload (host.json, the SDK's functions.metadata, worker.config.json and extensions.json with
# .azurefunctions/, the worker and its dependencies; framework-dependent, linux-x64).
# Deploy it with `azd deploy`, or: az functionapp deployment source config-zip -g <group> -n <app> --src artifacts/readiness-functions.zip
set -euo pipefail
cd "$(dirname "$0")"
out="${1:-artifacts}"
rm -rf "$out/publish/functions" "$out/readiness-functions.zip"
mkdir -p "$out"
dotnet publish src/Functions -c Release -o "$out/publish/functions" -nologo -v q -p:ZipTo="$(cd "$out" && pwd)/readiness-functions.zip"
echo "Package: $out/readiness-functions.zip"
