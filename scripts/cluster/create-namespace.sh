#!/bin/sh
# Creates a Temporal namespace and registers the library's search attributes on it (Keyword, TaskTags a KeywordList), once the server
# answers; then waits until the frontend serves the namespace, so that what starts next can use it at once.
# Idempotent: an existing namespace and existing search attributes are left as they are.
#
# Runs in the admin-tools image (the temporal-namespace service of docker-compose.yml) and, unchanged, on this machine
# for `npm run test:cluster`, with the `temporal` CLI on the PATH.
#
# Environment: TEMPORAL_ADDRESS (temporal:7233), DEFAULT_NAMESPACE (default), TASK_SEARCH_ATTRIBUTES (names, separated
# by spaces: the keys of the library's TASK_SEARCH_ATTRIBUTES, `Name=Type` for a type other than Keyword), TEMPORAL_SETUP_TRIES (90, one second apart).
set -eu

address=${TEMPORAL_ADDRESS:-temporal:7233}
namespace=${DEFAULT_NAMESPACE:-default}
tries=${TEMPORAL_SETUP_TRIES:-90}

# retry <what> <command...>: runs the command until it succeeds, one second apart, at most $tries times.
retry() {
  what=$1
  shift
  attempt=1
  until out=$("$@" 2>&1); do
    if [ "$attempt" -ge "$tries" ]; then
      echo "$what: still failing after $attempt tries: $out" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep 1
  done
}

echo "Waiting for the Temporal server at $address"
retry "temporal operator cluster health" temporal operator cluster health --address "$address"

if temporal operator namespace describe -n "$namespace" --address "$address" >/dev/null 2>&1; then
  echo "Namespace $namespace exists"
else
  retry "temporal operator namespace create" temporal operator namespace create -n "$namespace" --address "$address"
  echo "Namespace $namespace created"
fi

if [ -n "${TASK_SEARCH_ATTRIBUTES:-}" ]; then
  set --
  for entry in $TASK_SEARCH_ATTRIBUTES; do
    # `Name` is a Keyword; `Name=Type` names its type (TaskTags=KeywordList).
    name=${entry%%=*}
    type=Keyword
    [ "$name" = "$entry" ] || type=${entry#*=}
    set -- "$@" --name "$name" --type "$type"
  done
  # Fails with "namespace not found" until the server's namespace cache has the new namespace.
  retry "temporal operator search-attribute create" temporal operator search-attribute create -n "$namespace" --address "$address" "$@"
  echo "Search attributes registered: $TASK_SEARCH_ATTRIBUTES"
fi

# A visibility request succeeds only once the frontend serves the namespace.
retry "temporal workflow count" temporal workflow count -n "$namespace" --address "$address"
echo "Namespace $namespace is ready"
