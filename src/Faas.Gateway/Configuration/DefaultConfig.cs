namespace Faas.Gateway.Configuration;

/// <summary>The configuration used when no file is given, and what <c>--create-config</c> writes.</summary>
internal static class DefaultConfig
{
    public const string Yaml = """
        # Faas configuration. Every key is optional; these are the defaults.
        system:
          default_mode: process            # process | container
          max_concurrent_functions: 1000   # invocations running at once, all functions together
          cold_start_timeout: 30           # seconds a call waits for an instance before 429
          warm_instance_ttl: 600           # seconds an idle instance is kept (above min_instances)
          api_gateway_port: 8000
          host: 127.0.0.1                  # bind address; 0.0.0.0 exposes the gateway to the network
          function_storage_path: /tmp/faas_functions   # registry (SQLite), artifacts, instance sockets
          container_runtime: docker
          # base_image: faas-runtime:<version>   # built locally when missing
          process_isolation_level: strict  # strict | standard | none
          logging_level: INFO
          max_request_body_size: 6Mi       # larger bodies get 413
          max_response_body_size: 64Mi     # larger responses get 502 response_too_large (or are cut off once streaming)
          max_object_size: 64Mi            # largest function object (REST upload or handler write); larger: 413
          max_queue_per_function: 1000     # calls waiting for an instance; more get 429
          compile_timeout: 20              # seconds a deploy waits for Roslyn; past it: 400 FAAS002
          shutdown_timeout: 30             # seconds SIGTERM waits for in-flight calls
          stem_cells:                      # pre-started warmed hosts that cold starts specialize
            process: { min: 1, max: 32 }   # kept ready; grows with the cold starts of the last minute up to max
            container: { min: 1, max: 2 }
          json_logs: false                 # true: one JSON object per log line, with the request id
          metrics_auth: none               # GET /metrics: none (public) | admin (needs an admin key)
          # secrets_key_file: <function_storage_path>/secrets.key   # AES-256 key for secrets at rest (FAAS_SECRETS_KEY overrides)
          max_versions_per_function: 20    # versions kept per function, besides those an alias or schedule points at
        auth:
          # None configured: at the first start Faas generates an admin key and an invoke+manage key, stores them in
          # <function_storage_path>/api-keys.json (mode 0600) and prints them; --show-keys prints them again.
          # Beyond loopback the gateway refuses well-known keys (demo-key, admin-key) and keys under 16 characters.
          api_keys: []
          #  - { key: <32+ random characters, e.g. from: openssl rand -base64 32>, scopes: [invoke, manage, admin] }
          #  - { key_sha256: <64 hex digits>, scopes: [invoke], functions: [hello], name: ci }
          #  - { key: <...>, scopes: [invoke, manage, admin], namespace: "*", name: platform }   # namespace: default unless given; "*" + admin: every namespace
          # More keys: POST /namespaces/<ns>/keys; people: POST /users, then POST /auth/login (docs/auth.md).
          token_lifetime: 1h               # sign-in tokens from POST /auth/login
        rate_limit:                        # token bucket per API key
          requests_per_second: 1000
          burst: 2000
          auth_failures:                   # failed authentications per client address, checked before any key;
            per_minute: 60                 # past the budget every request needing a key gets 429 until it refills
            burst: 30                      # (on also when rate_limit.enabled is false; 'enabled: false' turns it off)
        async:                             # X-Faas-Async: true and /async-function/<name>
          workers: 4                       # async executions run at once
          max_attempts: 3                  # runs per execution when the platform fails (instance died, no capacity)
          retry_backoff: 1                 # seconds before the first retry; doubled for each further one
          max_queued: 10000                # executions queued or running; more get 429
          retention: 86400                 # seconds finished executions are kept
          callback_allow_hosts: []         # host:port targets X-Callback-Url may name (e.g. hooks.example.com:443); none: no callbacks
          callback_timeout: 10             # seconds one callback POST may take
          max_result_size: 1Mi             # larger results are not kept: the execution fails, saying so
        openfaas:
          public_invoke: false             # true: /function/<name> and /async-function/<name> need no key (OpenFaaS's default)
          # allowed_images: ["registry.example/team/*"]   # images non-admin keys may deploy (* matches anything); default none
          writable_root: bounded           # image functions' writable root: bounded by tmp_size (refused where the engine cannot) | unbounded
          # registry_auth: { registry.example.com: team-registry }   # registry -> secret holding user:password, for pulls
          pull_timeout: 5m                 # longest image pull
        limits:                            # ceilings on what any deploy may ask for (400 above them)
          memory: 2Gi
          cpu: 2000m
          tmp_size: 512Mi
          max_pids: 1024
          concurrency: 100
          max_instances: 50
          min_instances: 10
          timeout: 900                     # seconds
          environment_entries: 128
          environment_bytes: 32Ki          # all NAME=value pairs together
        registry:                          # where shared state lives (docs/cluster.md)
          kind: sqlite                     # sqlite: files in function_storage_path | postgres: a cluster of nodes
          # connection_string: "Host=127.0.0.1;Port=5432;Database=faas;Username=faas;Password=..."   # FAAS_POSTGRES overrides
        # cluster:                         # with kind: postgres
        #   node_name: node-a              # default <hostname>-<port>
        #   advertise_url: http://127.0.0.1:8001   # how the other nodes and operators reach this one
        #   lease_timeout: 15              # seconds before a silent node's work is taken over
        #   drain_delay: 5                 # seconds /health answers 503 before a stopping node stops taking calls
        functions: {}
        """;
}
