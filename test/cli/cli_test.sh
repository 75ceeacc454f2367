#!/usr/bin/env bash
# The glasses command end to end: output and exit status of every subcommand, and of bad
# arguments, missing files, unreadable JSON and unknown names.
# usage: cli_test.sh GLASSES PYTHON EXPORTER
set -uo pipefail
glasses=$1 python=$2 exporter=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../expect.sh"
enter_scratch_dir

expect "presets lists the zoo" 0 '^resnet50$' -- "$glasses" presets
expect "presets lists ConvNeXt" 0 '^convnext_large$' -- "$glasses" presets
expect "presets lists RegNet" 0 '^regnet_y_128gf$' -- "$glasses" presets
expect "presets --json is an array of every preset" 0 '^ok$' -- bash -c "[[ \$('$glasses' presets --json | '$python' -c 'import json,sys; print(len(json.load(sys.stdin)))') == \$('$glasses' presets | wc -l) ]] && echo ok"
expect "presets --json gives each config and fingerprint" 0 '^resnet101 bottleneck \[3, 4, 23, 3\] 1000 [0-9a-f]{16}$' -- bash -c "'$glasses' presets --json | '$python' -c 'import json,sys; p=next(p for p in json.load(sys.stdin) if p[\"name\"] == \"resnet101\"); print(p[\"name\"], p[\"config\"][\"backbone\"][\"block\"], p[\"config\"][\"backbone\"][\"depths\"], p[\"config\"][\"num_classes\"], p[\"fingerprint\"])'"
expect "presets --json fingerprints are hash's" 0 '^ok$' -- bash -c "[[ \$('$glasses' presets --json | '$python' -c 'import json,sys; print(next(p[\"fingerprint\"] for p in json.load(sys.stdin) if p[\"name\"] == \"resnet18\"))') == \$('$glasses' hash resnet18) ]] && echo ok"
expect "show prints the tree" 0 '^  backbone: ResNetConfig$' -- "$glasses" show resnet50
expect "show --json is the config" 0 '"num_classes": 1000' -- "$glasses" show resnet50 --json
expect "show reads stdin" 0 'num_classes: 7' -- bash -c "echo '{\"num_classes\": 7}' | '$glasses' show -"

expect "set writes to stdout" 0 '"num_classes": 8' -- "$glasses" set resnet50 num_classes=8
expect "set -o writes a file" 0 '^wrote run\.json \([0-9a-f]{16}\)$' -- "$glasses" set resnet50 num_classes=8 'backbone.depths[2]=23' -o run.json
expect "set reports bad overrides" 2 'backbone\.dpeths: no field "dpeths" in ResNetConfig; did you mean "depths"\?' -- "$glasses" set resnet50 backbone.dpeths=1
expect "diff lists the changes, exit 1" 1 '^backbone\.depths\[2\]: 6 -> 23$' -- "$glasses" diff resnet50 run.json
expect "diff of a retyped slot" 1 '^backbone: ResNetConfig -> ViTConfig$' -- "$glasses" diff resnet50 vit_b_16
expect "diff of equal configs, exit 0" 0 '^$' -- "$glasses" diff resnet50 resnet50
expect "diff --json" 1 '"path": "num_classes"' -- "$glasses" diff resnet50 run.json --json
expect "diff piped has no color" 1 '^num_classes: 1000 -> 8$' -- "$glasses" diff resnet50 run.json
expect "hash is 16 hex digits" 0 '^[0-9a-f]{16}$' -- "$glasses" hash run.json
expect "hash --json" 0 '"fingerprint": "[0-9a-f]{16}"' -- "$glasses" hash run.json --json

printf '{"num_classes": "x",\n "backbone": {"type": "resnet", "dpeths": [1]}}\n' > bad.json
expect "validate accepts a good file" 0 '^run\.json: ok$' -- "$glasses" validate run.json
expect "validate accepts a preset" 0 '^resnet50: ok$' -- "$glasses" validate resnet50
expect "validate prints every error, exit 2" 2 '^bad\.json:2:43: backbone\.dpeths: unknown key in ResNetConfig; did you mean "depths"\?$' -- "$glasses" validate bad.json run.json
expect "validate names the path of each error" 2 '^bad\.json:1:17: num_classes: expected an integer, got the string "x"$' -- "$glasses" validate bad.json
expect "validate --json" 2 '"valid": false' -- "$glasses" validate bad.json --json
printf '{"backbone": {"type": "resnet", "depths": [1, 0], "widths": [8, 16]}}\n' > zero_depth.json
expect "validate checks the zoo's field rules, exit 2" 2 '^zero_depth\.json:1:47: backbone\.depths\[1\]: must be at least 1, got 0$' -- "$glasses" validate zero_depth.json
expect "a broken rule is the only error" 0 '^1$' -- bash -c "'$glasses' validate zero_depth.json | wc -l"
expect "build refuses a config that breaks a rule" 2 '^glasses: zero_depth\.json:1:47: backbone\.depths\[1\]: must be at least 1, got 0$' -- "$glasses" build zero_depth.json
expect "set checks the rules of what it sets" 2 'backbone\.num_heads: must divide hidden_dim \(768\), got 7; the nearest divisors are 6 and 8' -- "$glasses" set vit_b_16 backbone.num_heads=7

expect "sweep writes the grid" 0 '^wrote 4 configs and manifest\.jsonl to grid$' -- "$glasses" sweep resnet18 num_classes=10,100 'backbone.depths=[1,1,1,1],[2,2,2,2]' -o grid
expect "sweep's manifest has a line a point" 0 '^4 grid/manifest\.jsonl$' -- wc -l grid/manifest.jsonl
expect "sweep's files are named by fingerprint" 0 '^5$' -- bash -c "ls grid | wc -l"
expect "a failing sweep point is named" 2 'sweep point 2 of 2 \(num_classes=x\)' -- "$glasses" sweep resnet18 num_classes=10,x -o bad_grid
expect "a sweep writes each point as it is made, and a manifest of them" 0 '^1$' -- bash -c "ls bad_grid/*.json | wc -l"
expect "a half-written sweep's manifest lists what it wrote" 0 '^1 bad_grid/manifest\.jsonl$' -- wc -l bad_grid/manifest.jsonl

# compare: a row a path that differs, a column a run; exact tables, JSON and CSV.
"$glasses" set resnet18 num_classes=8 -o c1.json >/dev/null
"$glasses" set resnet18 'backbone.depths=[1,1,1,1]' -o c2.json >/dev/null
"$glasses" set resnet18 num_classes=100 backbone.block=bottleneck -o c3.json >/dev/null
cat >want_three.txt <<'EOF'
path                c1.json  c2.json  c3.json
backbone.block      "basic"  "basic"  "bottleneck"
backbone.depths[0]  2        1        2
backbone.depths[1]  2        1        2
backbone.depths[2]  2        1        2
backbone.depths[3]  2        1        2
num_classes         8        1000     100
6 paths differ, 9 the same in all 3 runs
EOF
expect "compare three files" 0 '^ok$' -- bash -c "'$glasses' compare c1.json c2.json c3.json >out.txt && diff want_three.txt out.txt && echo ok"
cat >want_grid.txt <<'EOF'
path                num_classes=10 backbone.depths=[1,1,1,1]  num_classes=10 backbone.depths=[2,2,2,2]  num_classes=100 backbone.depths=[1,1,1,1]  num_classes=100 backbone.depths=[2,2,2,2]
backbone.depths[0]  1                                         2                                         1                                          2
backbone.depths[1]  1                                         2                                         1                                          2
backbone.depths[2]  1                                         2                                         1                                          2
backbone.depths[3]  1                                         2                                         1                                          2
num_classes         10                                        10                                        100                                        100
5 paths differ, 10 the same in all 4 runs
EOF
expect "compare a sweep's folder names runs by their overrides" 0 '^ok$' -- bash -c "'$glasses' compare grid >out.txt && diff want_grid.txt out.txt && echo ok"
cat >want_grid.csv <<'EOF'
path,"num_classes=10 backbone.depths=[1,1,1,1]","num_classes=10 backbone.depths=[2,2,2,2]","num_classes=100 backbone.depths=[1,1,1,1]","num_classes=100 backbone.depths=[2,2,2,2]"
backbone.depths[0],1,2,1,2
backbone.depths[1],1,2,1,2
backbone.depths[2],1,2,1,2
backbone.depths[3],1,2,1,2
num_classes,10,10,100,100
EOF
expect "compare --csv" 0 '^ok$' -- bash -c "'$glasses' compare grid --csv >out.csv && diff want_grid.csv out.csv && echo ok"
cat >want_compare.json <<'EOF'
{
  "runs": ["c1.json", "c3.json"],
  "varying": [
    {
      "path": "backbone.block",
      "values": ["basic", "bottleneck"]
    },
    {
      "path": "num_classes",
      "values": [8, 100]
    }
  ],
  "constant": 10
}
EOF
expect "compare --json" 0 '^ok$' -- bash -c "'$glasses' compare c1.json c3.json --json >out.json && diff want_compare.json out.json && echo ok"
mkdir loose && cp c3.json c1.json loose/
expect "compare of a folder without a manifest takes its *.json files, by name" 0 '^path +c1\.json +c3\.json$' -- "$glasses" compare loose
mkdir mixed && cp c1.json mixed/ && "$glasses" show c3.json --yaml > mixed/c3.yaml && "$glasses" show c2.json --yaml > mixed/c2.yml
expect "compare of a folder takes its YAML files too" 0 '^path +c1\.json +c2\.yml +c3\.yaml$' -- "$glasses" compare mixed
expect "compare mixes presets, files and folders" 0 '^path +resnet18 +c1\.json +c3\.json +c2\.json$' -- "$glasses" compare resnet18 loose c2.json
expect "compare names a missing file" 2 '^glasses: cannot open "missing\.json": no such file$' -- "$glasses" compare c1.json missing.json
mkdir empty
expect_exact "compare of an empty folder" 2 "glasses: no configs in \"empty\": expected *.json, *.yaml or *.yml files, run folders (each with its config.json), a sweep's manifest.jsonl or an app's multirun.jsonl" -- "$glasses" compare empty
printf '{"epochs": 3}\n' >other.json
expect "compare names a file of another type, and what is wrong where in it" 2 \
  '^glasses: other\.json:1:12: epochs: unknown key in ImageClassifierConfig; its keys are "backbone", "head", "num_classes"$' \
  -- "$glasses" compare c1.json other.json
expect "compare takes --json or --csv, not both" 2 '^glasses: --json excludes --csv$' -- "$glasses" compare c1.json --json --csv
expect "schema is JSON Schema" 0 '"\$schema": "https://json-schema.org/draft/2020-12/schema"' -- "$glasses" schema
expect "schema documents the zoo's fields" 0 '"description": "blocks per stage"' -- "$glasses" schema
expect "schema bounds the zoo's sizes" 0 '^1 1048576 16777216$' -- bash -c "'$glasses' schema | '$python' -c 'import json,sys; s=json.load(sys.stdin); w=s[\"\$defs\"][\"resnet\"][\"properties\"][\"widths\"][\"items\"]; print(w[\"minimum\"], w[\"maximum\"], s[\"properties\"][\"num_classes\"][\"maximum\"])'"
expect "build counts parameters" 0 '^parameters: 11689512$' -- "$glasses" build resnet18 --input 1,3,64,64
expect "build gives the output shape" 0 '^output shape for input \[1, 3, 64, 64\]: \[1, 1000\]$' -- "$glasses" build resnet18 --input 1,3,64,64
expect "build --json" 0 '"head": 513000' -- "$glasses" build resnet18 --input 1,3,64,64 --json
expect "build counts a RegNet's parameters" 0 '^parameters: 4344144$' -- "$glasses" build regnet_y_400mf --input 1,3,64,64
expect "build explains a wrong input" 2 'the model does not take an input of shape 1,3,64,64' -- "$glasses" build vit_b_32 --input 1,3,64,64
expect "build rejects a bad --input" 2 '--input: expected positive integers separated by commas' -- "$glasses" build resnet18 --input 1,x

expect "keys maps each tensor to torchvision's name" 0 '^backbone\.conv1\.weight -> conv1\.weight \[64, 3, 7, 7\]$' -- "$glasses" keys resnet18
expect "keys of the head" 0 '^head\.head\.bias -> heads\.head\.bias \[1000\]$' -- "$glasses" keys vit_b_32
expect "keys of a ConvNeXt's head" 0 '^head\.classifier\.2\.bias -> classifier\.2\.bias \[1000\]$' -- "$glasses" keys convnext_tiny
expect "keys --json has every tensor" 0 '^122 fc.bias \[1000\]$' -- bash -c "'$glasses' keys resnet18 --json | '$python' -c 'import json,sys; k=json.load(sys.stdin); print(len(k), k[-1][\"torchvision\"], k[-1][\"shape\"])'"
expect "keys of a config from stdin" 0 '^head\.fc\.bias -> fc\.bias \[8\]$' -- bash -c "'$glasses' set resnet18 num_classes=8 | '$glasses' keys -"

expect "an unknown subcommand suggests" 2 'unknown subcommand "shwo"; did you mean "show"\?' -- "$glasses" shwo resnet50
expect "no subcommand" 2 'A subcommand is required' -- "$glasses"
expect "a missing argument" 2 'CONFIG is required' -- "$glasses" show
expect "an unknown preset suggests" 2 'no preset or file named "resnet5"; did you mean "resnet50"\?' -- "$glasses" show resnet5
expect "a missing file" 2 'cannot open "missing/run\.json": no such file' -- "$glasses" show missing/run.json
expect "text that is not a config, placed where it starts" 2 '<stdin>:1:1: expected an object \(ImageClassifierConfig\), got the string "garbage\{"$' -- bash -c "echo 'garbage{' | '$glasses' show -"
expect_exact "stdin is <stdin> when it is valid too" 0 '<stdin>: ok' -- bash -c "'$glasses' show resnet18 --json | '$glasses' validate -"
expect "YAML's flow style on stdin is YAML" 0 '^num_classes: 5$' -- bash -c "echo '{num_classes: 5}' | '$glasses' show - --yaml"
expect_exact "text that is neither gets JSON's message" 2 '<stdin>:1:2: invalid JSON (syntax error) at "num_classes: [}"' -- \
  bash -c "echo '{num_classes: [}' | '$glasses' validate -"
expect_exact "an empty --input is refused before LibTorch" 2 'glasses: --input: expected 4 sizes, batch,channels,height,width, like 1,3,224,224, got ""' -- "$glasses" build resnet18 --input ''
expect_exact "a shape of another rank is refused" 2 'glasses: --input: expected 4 sizes, batch,channels,height,width, like 1,3,224,224, got "1,3"' -- "$glasses" build resnet18 --input 1,3
expect_exact "a shape too large to allocate is refused" 2 'glasses: --input: expected at most 268435456 elements in all, like 1,3,224,224, got "1,3,100000,100000"' -- "$glasses" build resnet18 --input 1,3,100000,100000
for typo in "1,3,64,64," "+1,3,64,64" " 1,3,64,64" "1,3,,64"; do
  expect_exact "--input \"$typo\" is refused as a typo" 2 "glasses: --input: expected positive integers separated by commas, like 1,3,224,224, got \"$typo\"" -- "$glasses" build resnet18 --input "$typo"
done
# Without --input, the dummy image has the backbone's in_channels and image_size.
expect "the default input takes a ViT's image_size" 0 '^output shape for input \[1, 3, 32, 32\]: \[1, 10\]$' -- bash -c "'$glasses' set resnet18 backbone=vit backbone.image_size=32 backbone.patch_size=16 backbone.hidden_dim=8 backbone.num_layers=1 backbone.num_heads=2 backbone.mlp_dim=8 head=class_token num_classes=10 | '$glasses' build -"
expect "the default input takes the backbone's in_channels" 0 '^output shape for input \[1, 1, 224, 224\]: \[1, 10\]$' -- bash -c "'$glasses' set resnet18 backbone.in_channels=1 num_classes=10 | '$glasses' build -"
expect_exact "a config written to a full disk is an error" 2 'glasses: could not write to standard output: No space left on device; what it printed is incomplete (a full disk, or a pipe closed early?)' -- bash -c "'$glasses' set resnet50 num_classes=3 2>&1 >/dev/full"
expect "--help has examples" 0 'glasses sweep resnet50' -- "$glasses" --help
# An error that only LibTorch reports (its allocator refusing a ViT patch projection of 2^58
# bytes, which validates: each size is within its bound) is one line naming the input and
# what to change, not the c10::Error's backtrace. The line number in alloc_cpu.cpp is
# LibTorch's own.
one_line_matching() { [[ $1 != *$'\n'* ]] && [[ $1 =~ $2 ]]; }
check_run "a build that runs out of memory is one line naming the input" 2 one_line_matching \
  '^glasses: building the model of <stdin> ran out of memory \(\[enforce fail at alloc_cpu\.cpp:[0-9]+\] err == 0\. DefaultCPUAllocator: can.t allocate memory: you tried to allocate 288230376151711744 bytes\. Error code 12 \(Cannot allocate memory\)\): its widths, depths or image size ask for more parameters than this machine holds; make them smaller$' \
  -- bash -c "echo '{\"backbone\": {\"type\": \"vit\", \"image_size\": 1024, \"patch_size\": 1024, \"hidden_dim\": 1048576, \"num_heads\": 1, \"num_layers\": 1, \"mlp_dim\": 1, \"in_channels\": 65536}, \"head\": \"class_token\"}' | '$glasses' build - --input 1,65536,1,1"
expect_exact "an input of other channels is refused before its zeros are allocated" 2 'glasses: --input: the model takes images of 3 channels (backbone.in_channels), got 268435456,1,1,1; give --input 1,3,HEIGHT,WIDTH' -- "$glasses" build resnet18 --input 268435456,1,1,1
expect_exact "a default input too large to allocate says to give --input" 2 'glasses: the default input, 1,65536,1024,1024 from the backbone'"'"'s in_channels and image_size, has more than 268435456 elements; give a smaller one with --input' \
  -- bash -c "echo '{\"backbone\": {\"type\": \"vit\", \"image_size\": 1024, \"patch_size\": 1024, \"in_channels\": 65536}, \"head\": \"class_token\"}' | '$glasses' build -"

# On a terminal diff colors its output, unless NO_COLOR is set (script(1) gives it a terminal).
if command -v script >/dev/null; then
  expect "diff colors a terminal" 1 $'\e\\[31m1000\e\\[0m -> \e\\[32m8' -- script -qec "'$glasses' diff resnet50 run.json" /dev/null
  expect "NO_COLOR turns color off" 1 '^num_classes: 1000 -> 8.?$' -- env NO_COLOR=1 script -qec "'$glasses' diff resnet50 run.json" /dev/null
fi

if "$python" -c "import torchvision" 2>/dev/null; then
  GLASSES="$glasses" "$python" "$exporter" resnet18 tv.safetensors >/dev/null
  expect "a checkpoint is a config" 0 'block: basic' -- "$glasses" show tv.safetensors
  expect "the exporter's config is the preset's" 0 '^$' -- "$glasses" diff resnet18 tv.safetensors
  expect "validate reads a checkpoint's config, not its bytes as JSON" 0 '^tv\.safetensors: ok$' -- "$glasses" validate tv.safetensors
  expect "the exporter takes only presets" 2 "invalid choice: 'resnet5'" -- env GLASSES="$glasses" "$python" "$exporter" resnet5 x.safetensors
  mkdir scripts && cp "$exporter" scripts/  # away from the source tree's build/glasses
  expect "the exporter needs the glasses command" 1 'cannot find the glasses command' -- env -u GLASSES PATH=/nonexistent "$python" scripts/"$(basename "$exporter")" resnet18 x.safetensors
  # A folder's checkpoints are compared with its config files; what is neither is said skipped.
  mkdir ckdir && cp tv.safetensors c1.json ckdir/ && echo notes >ckdir/notes.txt
  expect "compare of a folder takes its checkpoints" 0 '^path +c1\.json +tv\.safetensors$' -- "$glasses" compare ckdir
  expect "and says what it skipped" 0 '^glasses: compare: skipped "ckdir/notes\.txt", which is no config$' -- "$glasses" compare ckdir
  # A checkpoint under another name, and a config under a checkpoint's, say what they are.
  cp tv.safetensors tv.bin && cp c1.json cfg.safetensors
  expect "a checkpoint named otherwise" 2 'this is a safetensors checkpoint \(8 bytes of header length, then its header\), not a config' -- \
    "$glasses" show tv.bin
  expect "and on stdin" 2 'this is a safetensors checkpoint \(8 bytes of header length, then its header\), not a config' -- \
    bash -c "'$glasses' show - <tv.safetensors"
  expect_exact "a config named as a checkpoint" 2 'glasses: cfg.safetensors: 1 error
  not a safetensors file: it starts as JSON or YAML text does, which a checkpoint (8 bytes of header length, then its header) never does; is it a config? Name it .json or .yaml' -- \
    "$glasses" show cfg.safetensors
  printf 'junk' > broken.safetensors
  expect "a broken checkpoint" 2 'broken\.safetensors: 1 error' -- "$glasses" show broken.safetensors
  expect_exact "the exporter's file has the mode of a new file" 0 "$(umask 022 && touch new && stat -c %a new)" -- stat -c %a tv.safetensors
  # The config edited inside the file, its fingerprint left as saved: every command refuses it,
  # as from_pretrained does.
  "$python" - tv.safetensors edited.safetensors <<'PY'
import json, struct, sys
data = open(sys.argv[1], "rb").read()
length = struct.unpack("<Q", data[:8])[0]
header = json.loads(data[8:8 + length])
config = json.loads(header["__metadata__"]["glasses_config"])
config["num_classes"] = 10
header["__metadata__"]["glasses_config"] = json.dumps(config)
text = json.dumps(header).encode()
text += b" " * ((8 - (8 + len(text)) % 8) % 8)
open(sys.argv[2], "wb").write(struct.pack("<Q", len(text)) + text + data[8 + length:])
PY
  expect "validate refuses a checkpoint whose config was edited" 2 '^edited\.safetensors: __metadata__\.glasses_fingerprint: expected [0-9a-f]{16}, the fingerprint of the stored config, but the file stores "[0-9a-f]{16}"' -- \
    "$glasses" validate edited.safetensors
  # A checkpoint's tensors under another config and its fingerprint: restamp IN CONFIG OUT.
  restamp() {
    "$python" - "$1" "$2" "$("$glasses" hash "$2")" "$3" <<'PY'
import json, struct, sys
data = open(sys.argv[1], "rb").read()
length = struct.unpack("<Q", data[:8])[0]
header = json.loads(data[8:8 + length])
header["__metadata__"]["glasses_config"] = open(sys.argv[2]).read()
header["__metadata__"]["glasses_fingerprint"] = sys.argv[3]
text = json.dumps(header).encode()
text += b" " * ((8 - (8 + len(text)) % 8) % 8)
open(sys.argv[4], "wb").write(struct.pack("<Q", len(text)) + text + data[8 + length:])
PY
  }
  # Edited with its fingerprint made anew: the config is consistent, but the weights are
  # those of another model, which validate finds by loading them as from_pretrained does.
  "$glasses" set resnet18 num_classes=10 -o refit.json >/dev/null
  restamp tv.safetensors refit.json refit.safetensors
  expect "validate refuses a checkpoint whose tensors its config's model cannot take" 2 '^refit\.safetensors: the checkpoint does not fit the model exactly.*: 120 of 122 tensors fit' -- \
    "$glasses" validate refit.safetensors
  expect "show reads its config without loading the tensors" 0 'num_classes: 10' -- "$glasses" show refit.safetensors
  # A model of 2^52 position embeddings cannot be allocated anywhere: LibTorch's error is
  # that file's problem, and the files after it are still checked (the first one stopped all).
  "$glasses" set vit_b_16 backbone.image_size=65536 backbone.patch_size=1 -o huge.json >/dev/null
  restamp tv.safetensors huge.json huge.safetensors
  expect "validate goes on past a checkpoint whose model cannot be built" 2 '^resnet18: ok$' -- \
    "$glasses" validate huge.safetensors resnet18
fi

# A FIFO named like a checkpoint is refused at once, never waited on.
mkfifo fifo.safetensors
expect "a FIFO is not read as a checkpoint" 2 'fifo\.safetensors: 1 error' -- timeout 20 "$glasses" show fifo.safetensors

echo "cli: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
