#!/usr/bin/env bash
# Runs the benchmarks and prints their results (see bench/RESULTS.md for recorded numbers).
#   ./bench.sh ingest [--clients 1,8,32] [--count 1500] [--warmup 500] [--modes baseline,app] [--connection <Azurite>]
#                                                                        HTTP ingest vs raw-SDK baseline on Azurite
#   ./bench.sh scoring                                                   scoring engine (BenchmarkDotNet)
#   ./bench.sh cluster-quality                                           clustering optimum vs a reference KMeans
#   ./bench.sh cluster-compare [--rows 50000 --k 5 --runs 10 --warmup 2]  `readiness cluster` (published ReadyToRun) as a
#                                                                        whole process vs scikit-learn on the same CSV
#   ./bench.sh profiles [--schools 50 --staff 60 --students 600] [--unscored 1] [--compare <other build's Benchmarks.dll>]
#                                                                        round close (BuildProfiles) on a seeded Azurite,
#                                                                        published ReadyToRun first, as the app is deployed
#   ./bench.sh statewide [--schools 1800 --staff 60 --students 250000,1000000] [--read-schools 100,200,400]
#                        [--no-engine] [--no-storage] [--no-reads]      profile engine at statewide scale, Scores read rate,
#                                                                        completion rewrite (--no-*: leave a part out)
#   ./bench.sh <BenchmarkDotNet arguments>                               any BenchmarkDotNet filter, e.g. --filter '*Cluster*'
set -euo pipefail
cd "$(dirname "$0")"
source scripts/tools.sh
tools_install
project=bench/ReadinessPipeline.Benchmarks
case "${1:-}" in
  ingest|cluster-quality|statewide)
    dotnet build "$project" -c Release -v q -nologo
    dotnet "$project/bin/Release/net10.0/ReadinessPipeline.Benchmarks.dll" "$@"
    ;;
  profiles)
    # Precompiled (ReadyToRun) as ./publish.sh publishes the Functions app, so the cold close is timed as deployed.
    echo "Publishing the benchmarks ReadyToRun, linux-x64, as the Functions app is published (about a minute)..."
    dotnet publish "$project" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o artifacts/bench -v q -nologo
    dotnet artifacts/bench/ReadinessPipeline.Benchmarks.dll "$@"
    ;;
  cluster-compare)
    shift
    python="$(sklearn_python)" || python=""
    echo "Publishing the readiness command line (ReadyToRun, linux-x64; a few minutes the first time)..."
    dotnet publish src/Cli -c Release -r linux-x64 --self-contained false -o artifacts/cli -v q -nologo
    dotnet build "$project" -c Release -v q -nologo
    dotnet "$project/bin/Release/net10.0/ReadinessPipeline.Benchmarks.dll" cluster-compare --readiness artifacts/cli/readiness --python "$python" "$@"
    ;;
  scoring)
    shift
    dotnet run -c Release --project "$project" -- --filter '*ScoringBenchmarks*' "$@"
    ;;
  "")
    echo "usage: ./bench.sh ingest|scoring|cluster-quality|cluster-compare|profiles|statewide|<BenchmarkDotNet arguments>" >&2
    exit 2
    ;;
  *)
    dotnet run -c Release --project "$project" -- "$@"
    ;;
esac
