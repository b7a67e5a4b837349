using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;
using NUnit.Framework;

namespace Faas.Tests.Common;

/// <summary>
/// A PostgreSQL server of the test run's own: Debian's binaries, <c>initdb</c> in a temporary directory owned by the
/// <c>postgres</c> user, listening on a free loopback port only (its socket in that directory, not /run). Passwords
/// are required over TCP (the <c>faas</c> role's is random). One server per test run (<see cref="SharedAsync"/>); each
/// fixture takes a fresh database (<see cref="CreateDatabaseAsync"/>). Stopped and deleted by <see cref="StopSharedAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static PostgresServer? s_shared;
    private readonly string _adminPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private PostgresServer(string bin, string directory, int port)
    {
        Bin = bin;
        Directory = directory;
        Port = port;
    }

    public string Bin { get; }

    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public int Port { get; }

    public string User => "faas";

    public string Password { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static string? FindBin() =>
        System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderDescending(StringComparer.Ordinal).FirstOrDefault()
            : null;

    /// <summary>Root (to run as postgres) and Debian's PostgreSQL; skipped without them, failed under CI=true.</summary>
    public static void Require()
    {
        Requirements.Require(Requirements.IsRoot, "needs root (initdb runs as the postgres user)");
        Requirements.Require(FindBin() is not null, "needs PostgreSQL: apt-get install postgresql (scripts/setup.sh does)");
    }

    /// <summary>The run's server, started at the first call.</summary>
    public static async Task<PostgresServer> SharedAsync()
    {
        Require();
        await s_gate.WaitAsync();
        try
        {
            return s_shared ??= await StartNewAsync();
        }
        finally
        {
            s_gate.Release();
        }
    }

    public static async Task StopSharedAsync()
    {
        if (s_shared is { } server)
        {
            s_shared = null;
            await server.DisposeAsync();
        }
    }

    public static async Task<PostgresServer> StartNewAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException("PostgreSQL is not installed");
        var directory = Path.Combine(Path.GetTempPath(), "faas-pg-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(directory);
        var server = new PostgresServer(bin, directory, GatewayProcess.FreePort());
        await Run("chown", "postgres:postgres", directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var passwordFile = Path.Combine(directory, "pw");
        await File.WriteAllTextAsync(passwordFile, server._adminPassword);
        await Run("chown", "postgres:postgres", passwordFile);
        await Run("runuser", "-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", server.DataDirectory, "-U", "postgres",
            "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile", passwordFile, "-E", "UTF8", "--locale=C", "--no-sync");
        File.Delete(passwordFile);
        await server.StartAsync();
        await using var admin = await server.OpenAdminAsync("postgres");
        await using var create = new NpgsqlCommand($"CREATE ROLE {server.User} LOGIN PASSWORD '{server.Password}'", admin);
        await create.ExecuteNonQueryAsync();
        return server;
    }

    /// <summary>Starts (or starts again, after <see cref="StopAsync"/>) the server on its port.</summary>
    public Task StartAsync() => Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", DataDirectory, "-l", Path.Combine(Directory, "log"),
        "-w", "-t", "60", "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories={Directory} -c fsync=off -c max_connections=300", "start");

    /// <summary>Stops the server: <c>fast</c> disconnects every client and shuts down cleanly; <c>immediate</c> is like a crash.</summary>
    public Task StopAsync(string mode = "fast") =>
        Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", DataDirectory, "-m", mode, "-w", "-t", "60", "stop");

    /// <summary>A new empty database owned by the <c>faas</c> role; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "t" + Guid.NewGuid().ToString("N")[..12];
        await using var admin = await OpenAdminAsync("postgres");
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name} OWNER {User}", admin);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username={User};Password={Password};Pooling=true;Timeout=5";

    public async Task<NpgsqlConnection> OpenAdminAsync(string database)
    {
        var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Password={_adminPassword};Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync("immediate");
        }
        catch (InvalidOperationException)
        {
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
