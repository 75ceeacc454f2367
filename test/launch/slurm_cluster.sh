#!/usr/bin/env bash
# A one-node Slurm cluster for the tests, all its state in one folder:
#   slurm_cluster.sh start DIR   munged, slurmctld and slurmd; DIR/slurm.conf for the clients
#   slurm_cluster.sh stop DIR    stops the daemons that start left running
# Where the daemons cannot run (not root, packages missing, a daemon that does not come up),
# start still succeeds and writes the reason to DIR/unavailable, for the tests to skip with.
set -uo pipefail
action=$1
dir=$(realpath -m "$2")

stop() {
  for daemon in slurmd slurmctld munged; do
    [[ -f $dir/$daemon.pid ]] || continue
    pid=$(cat "$dir/$daemon.pid")
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    rm -f "$dir/$daemon.pid"
  done
}

unavailable() {
  echo "$1" >"$dir/unavailable"
  echo "slurm_cluster: $1"
  stop
  exit 0
}

if [[ $action == stop ]]; then
  stop
  exit 0
fi

rm -rf "$dir"
mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
[[ $(id -u) -eq 0 ]] || unavailable "a test cluster needs root (slurmd runs jobs as their users); run the tests as root, as CI does"
for command in munged slurmctld slurmd sbatch sinfo; do
  command -v "$command" >/dev/null ||
    unavailable "$command is missing; install Debian's slurmctld, slurmd, slurm-client and munge (scripts/install-deps.sh)"
done

# munged with a key and socket of its own, so that nothing of the machine's is used or changed.
chmod 700 "$dir/munge"
head -c 1024 /dev/urandom >"$dir/munge/munge.key"
chmod 400 "$dir/munge/munge.key"
munged --force --socket="$dir/munge/socket" --key-file="$dir/munge/munge.key" --log-file="$dir/munge/log" \
  --pid-file="$dir/munged.pid" --seed-file="$dir/munge/seed" ||
  unavailable "munged did not start: $(tail -3 "$dir/munge/log" 2>/dev/null)"

# Ports of this run's own, so that a cluster on the machine is left alone.
port=$((20000 + $$ % 20000))
host=$(hostname -s)
cat >"$dir/slurm.conf" <<EOF
ClusterName=glasses-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$dir/slurm.conf
slurmctld -f "$SLURM_CONF" || unavailable "slurmctld did not start: $(tail -3 "$dir/slurmctld.log" 2>/dev/null)"
slurmd -f "$SLURM_CONF" || unavailable "slurmd did not start: $(tail -3 "$dir/slurmd.log" 2>/dev/null)"
for _ in $(seq 60); do
  if [[ $(sinfo --noheader --responding --states=idle --format=%D 2>/dev/null) == 1 ]]; then
    echo "slurm_cluster: one idle node, SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
unavailable "the node did not become idle within 30 s: $(sinfo 2>&1 | tail -2) $(tail -3 "$dir/slurmd.log")"
