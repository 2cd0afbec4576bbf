#!/usr/bin/env bash
# A whole local aws-mode StreamGuard on one machine, all on 127.0.0.1:
#   emulators (kinesalite, dynalite, fauxqs) -> Kinesis stream, DynamoDB tables, S3 bucket, SNS topic
#   (+ an SQS queue subscribed to it) -> N `consume` workers sharing the shards -> optional replay of a file.
#
#   tools/local-aws.sh [--workers N] [--shards N] [--stream NAME] [--replay FILE] [--rate N] [--no-liveview]
#
# LiveView (http://127.0.0.1:5080) tails the live stream all workers publish to, so it shows them combined.
# Ctrl+C stops the workers (they hand their leases over) and then the emulators. State, logs and
# the local pseudonym key live in .local-aws/. Needs node (20+), npm, dotnet and curl.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state="$root/.local-aws"
workers=2
shards=4
stream=streamguard-local
replay=""
rate=""
liveview=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workers) workers="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --stream) stream="$2"; shift 2 ;;
    --replay) replay="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --no-liveview) liveview=0; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "local-aws.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

mkdir -p "$state"
pids=()
emulator_pid=""
stop() {
  trap - INT TERM EXIT
  echo "Stopping workers (leases are handed over), then the emulators..." >&2
  # TERM, not INT: background jobs of a script start with SIGINT ignored.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$emulator_pid" ]]; then kill -TERM "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
}
trap stop INT TERM EXIT

# 1. Emulators on free ports; start.mjs prints one JSON line of endpoints.
cd "$root/tools/emulators"
[[ -d node_modules ]] || npm ci --no-audit --no-fund >&2
: > "$state/endpoints.json"
node start.mjs > "$state/endpoints.json" 2> "$state/emulators.log" &
emulator_pid=$!
for _ in $(seq 1 600); do
  [[ -s "$state/endpoints.json" ]] && break
  kill -0 "$emulator_pid" 2>/dev/null || { echo "emulators failed to start: see $state/emulators.log" >&2; exit 1; }
  sleep 0.1
done
read -r kinesis dynamodb s3 sns sqs < <(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8").split("\n")[0]);console.log(j.kinesis,j.dynamodb,j.s3,j.sns,j.sqs)' "$state/endpoints.json")

# 2. Settings every process reads: dummy credentials (the emulators do not check them), endpoints, the shared pseudonym key.
export AWS_ACCESS_KEY_ID=AKIDLOCALSTREAMGUARD AWS_SECRET_ACCESS_KEY=local-only-secret AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export Aws__Region=us-east-1 Aws__KinesisServiceUrl="$kinesis" Aws__DynamoDbServiceUrl="$dynamodb" Aws__S3ServiceUrl="$s3" Aws__SnsServiceUrl="$sns" Aws__SqsServiceUrl="$sqs"
[[ -s "$state/pseudonym.key" ]] || (umask 077 && head -c 32 /dev/urandom | base64 > "$state/pseudonym.key")
STREAMGUARD_PSEUDONYM_KEY="$(cat "$state/pseudonym.key")"
export STREAMGUARD_PSEUDONYM_KEY
export StreamGuard__Aws__Sinks__LiveStreamName="$stream-live"

# 3. Alert topic, and a queue subscribed to it so alerts can be read back (fauxqs delivers SNS -> SQS).
topic_arn=$(curl -sf "$sns" --data "Action=CreateTopic&Version=2010-03-31&Name=streamguard-alerts" | sed -n 's:.*<TopicArn>\(.*\)</TopicArn>.*:\1:p')
queue_url=$(curl -sf "$sqs" -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: AmazonSQS.CreateQueue' --data '{"QueueName":"streamguard-alerts-inbox"}' | node -e 'console.log(JSON.parse(require("fs").readFileSync(0,"utf8")).QueueUrl)')
queue_arn=$(curl -sf "$sqs" -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: AmazonSQS.GetQueueAttributes' --data "{\"QueueUrl\":\"$queue_url\",\"AttributeNames\":[\"QueueArn\"]}" | node -e 'console.log(JSON.parse(require("fs").readFileSync(0,"utf8")).Attributes.QueueArn)')
curl -sf "$sns" --data-urlencode "TopicArn=$topic_arn" --data-urlencode "Endpoint=$queue_arn" --data "Action=Subscribe&Version=2010-03-31&Protocol=sqs" > /dev/null

# 4. Workers: the first creates the stream, tables and bucket; all share the shards through the lease table.
cd "$root"
projects=(src/Processor src/Producer)
[[ $liveview == 1 ]] && projects+=(src/LiveView)
: > "$state/build.log"
for project in "${projects[@]}"; do
  dotnet build "$project" -v q -nologo >> "$state/build.log" || { echo "build of $project failed: see $state/build.log" >&2; exit 1; }
done
processor="$root/src/Processor/bin/Debug/net10.0/StreamGuard.Processor.dll"
producer="$root/src/Producer/bin/Debug/net10.0/StreamGuard.Producer.dll"
common=(consume --stream "$stream" --bucket streamguard-local --alert-topic-arn "$topic_arn" --create-resources --shards "$shards")
dotnet "$processor" "${common[@]}" --worker-id worker-1 > "$state/worker-1.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do grep -q "StreamGuard worker" "$state/worker-1.log" 2>/dev/null && break; sleep 0.1; done
for i in $(seq 2 "$workers"); do
  dotnet "$processor" "${common[@]}" --worker-id "worker-$i" > "$state/worker-$i.log" 2>&1 &
  pids+=($!)
done

if [[ $liveview == 1 ]]; then
  LiveView__AwsLiveStream="$stream-live" dotnet "$root/src/LiveView/bin/Debug/net10.0/StreamGuard.LiveView.dll" > "$state/liveview.log" 2>&1 &
  pids+=($!)
fi

cat >&2 <<INFO
StreamGuard aws mode is up (local emulators):
  Kinesis $kinesis  stream '$stream' ($shards shards)
  DynamoDB $dynamodb  tables streamguard-leases, streamguard-transactions, streamguard-profiles, streamguard-aggregates
  S3 $s3  bucket streamguard-local (archive/, report/, alerts/, duplicates/, late-events/, dead-letters/, budgets/, segments/: {output}/dt=YYYY-MM-DD/hour=HH/)
  SNS topic $topic_arn -> SQS $queue_url
  workers: $workers (logs: $state/worker-*.log); pseudonym key: $state/pseudonym.key
  live stream $stream-live -> LiveView http://127.0.0.1:5080 (unless --no-liveview; log: $state/liveview.log)
Send data:  Aws__KinesisServiceUrl=$kinesis AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1 \\
            dotnet $producer replay data/sample.csv --target kinesis --stream $stream
Ctrl+C stops everything.
INFO

# 5. Optional replay, then keep running until Ctrl+C.
if [[ -n "$replay" ]]; then
  dotnet "$producer" replay "$replay" --target kinesis --stream "$stream" ${rate:+--rate "$rate"} || echo "replay failed" >&2
fi
wait "${pids[@]}"
