using System.Net;
using System.Text.Json.Nodes;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// Issue 3's hostile handlers, deployed through the gateway into the strict sandbox: each attack must
/// fail, and a neighbouring function must keep answering meanwhile. Needs root and bubblewrap (CI has both).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostileHandlerTests : GatewayTestBase
{
    private const string Interop = """
        using System.IO;
        using System.Runtime.InteropServices;
        static class Libc
        {
            [DllImport("libc", SetLastError = true)] public static extern int mount(string source, string target, string type, ulong flags, IntPtr data);
            [DllImport("libc", SetLastError = true)] public static extern int unshare(int flags);
            [DllImport("libc", SetLastError = true)] public static extern long ptrace(long request, int pid, IntPtr addr, IntPtr data);
            [DllImport("libc", SetLastError = true)] public static extern long syscall(long number, long a, long b, long c);
            [DllImport("libc", SetLastError = true)] public static extern int fork();
            [DllImport("libc", SetLastError = true)] public static extern int pause();
            [DllImport("libc", SetLastError = true)] public static extern int chroot(string path);
            public static string Try(Func<long> call) { var r = call(); return r == -1 ? "errno " + Marshal.GetLastPInvokeError() : "succeeded " + r; }
        }
        """;

    private readonly List<int> _pids = [];
    private readonly List<string> _instanceIds = [];
    private string _neighbour = "";

    protected override string SystemYaml => "  stem_cells: { process: { min: 0, max: 0 } }";

    [OneTimeSetUp]
    public async Task DeployNeighbourAsync()
    {
        Requirements.RequireRootSandbox();
        Assert.That(Isolation, Is.EqualTo("strict"));
        _neighbour = UniqueName("neighbour");
        await DeployOkAsync(_neighbour, "object Handle(FaasRequest r) => \"calm\";");
        await AssertNeighbourAsync();
    }

    private async Task AssertNeighbourAsync()
    {
        using var response = await InvokeAsync(_neighbour);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the neighbouring function stopped answering");
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("calm"));
    }

    private async Task<JsonNode> AttackAsync(string source, object? config = null, string query = "")
    {
        var name = UniqueName("hostile");
        await DeployOkAsync(name, Interop + source, config);
        using var response = await Admin.PostAsync($"invoke/{name}{query}", new StringContent(""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        await RememberPidsAsync(name);
        await AssertNeighbourAsync();
        return JsonNode.Parse(text)!;
    }

    private async Task RememberPidsAsync(string name)
    {
        var instances = (await JsonAsync(await Admin.GetAsync("instances")))["instances"]!.AsArray();
        var mine = instances.Where(i => i!["function"]!.GetValue<string>() == name).ToList();
        _pids.AddRange(mine.Select(i => i!["pid"]!.GetValue<int>()));
        _instanceIds.AddRange(mine.Select(i => i!["instance_id"]!.GetValue<string>()));
    }

    [Test]
    public async Task ReadHostFiles_ShadowStorageAndProjectAreInvisible()
    {
        var result = await AttackAsync($$"""
            object Handle(FaasRequest r) => new
            {
                shadow = File.Exists("/etc/shadow"),
                passwd = File.Exists("/etc/passwd"),
                storage = Directory.Exists("{{Gateway.StoragePath}}"),
                registry = File.Exists("{{Gateway.StoragePath}}/registry.db"),
                project = Directory.Exists("{{GatewayProcess.RepositoryRoot()}}"),
                docker = File.Exists("/var/run/docker.sock"),
                root = Directory.Exists("/root"),
                home = Directory.Exists("/home"),
            };
            """);

        foreach (var key in new[] { "shadow", "passwd", "storage", "registry", "project", "docker", "root", "home" })
        {
            Assert.That(result[key]!.GetValue<bool>(), Is.False, $"{key} is visible inside the sandbox");
        }
    }

    [Test]
    public async Task WriteOutsideTmp_Fails()
    {
        var result = await AttackAsync("""
            static string Write(string path) { try { File.WriteAllText(path, "x"); return "written"; } catch (Exception e) { return e.GetType().Name; } }
            object Handle(FaasRequest r) => new { root = Write("/evil"), host = Write("/faas/host/evil.dll"), run = Write("/usr/lib/evil"), tmp = Write("/tmp/fine") };
            """);

        Assert.That(result["root"]!.GetValue<string>(), Is.Not.EqualTo("written"));
        Assert.That(result["host"]!.GetValue<string>(), Is.Not.EqualTo("written"));
        Assert.That(result["run"]!.GetValue<string>(), Is.Not.EqualTo("written"));
        Assert.That(result["tmp"]!.GetValue<string>(), Is.EqualTo("written"));
    }

    [Test]
    public async Task ConnectToGatewayPort_Fails()
    {
        var result = await AttackAsync($$"""
            object Handle(FaasRequest r)
            {
                string outcome;
                try { using var client = new System.Net.Sockets.TcpClient(); client.Connect("127.0.0.1", {{Child.Port}}); outcome = "connected"; }
                catch (Exception e) { outcome = e.GetType().Name; }
                var interfaces = File.ReadAllLines("/proc/net/dev").Skip(2).Select(l => l.Split(':')[0].Trim()).ToArray();
                return new { outcome, interfaces };
            }
            """);

        Assert.That(result["outcome"]!.GetValue<string>(), Is.Not.EqualTo("connected"));
        Assert.That(result["interfaces"]!.AsArray().Select(i => i!.GetValue<string>()), Is.EqualTo(new[] { "lo" }));
    }

    [Test]
    public async Task ListHostProcesses_SeesOnlyItsOwn()
    {
        var result = await AttackAsync($$"""
            object Handle(FaasRequest r)
            {
                var pids = Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsDigit)).ToArray();
                return new { count = pids.Length, gateway = Directory.Exists("/proc/{{Child.Pid}}") && File.ReadAllText("/proc/{{Child.Pid}}/cmdline").Contains("Faas.Gateway") };
            }
            """);

        Assert.That(result["count"]!.GetValue<int>(), Is.LessThanOrEqualTo(3));
        Assert.That(result["gateway"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task AnotherFunctionsTmp_IsInvisible()
    {
        var marker = Guid.NewGuid().ToString("N");
        await AttackAsync($$"""object Handle(FaasRequest r) { File.WriteAllText("/tmp/{{marker}}", "secret"); return new { wrote = true }; }""");

        var result = await AttackAsync($$"""object Handle(FaasRequest r) => new { seen = File.Exists("/tmp/{{marker}}") };""");

        Assert.That(result["seen"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task PrivilegedSyscallsThroughPInvoke_AreDenied()
    {
        var result = await AttackAsync("""
            object Handle(FaasRequest r) => new
            {
                mount = Libc.Try(() => Libc.mount("none", "/tmp", "tmpfs", 0, IntPtr.Zero)),
                unshare = Libc.Try(() => Libc.unshare(0x10000000)),
                ptrace = Libc.Try(() => Libc.ptrace(16, 1, IntPtr.Zero, IntPtr.Zero)),
                bpf = Libc.Try(() => Libc.syscall(321, 0, 0, 0)),
                chroot = Libc.Try(() => Libc.chroot("/tmp")),
            };
            """);

        foreach (var call in new[] { "mount", "unshare", "ptrace", "bpf", "chroot" })
        {
            Assert.That(result[call]!.GetValue<string>(), Is.EqualTo("errno 1"), $"{call} was not denied with EPERM");
        }
    }

    [Test]
    public async Task AllocatePastMemoryLimit_FailsAndNextCallSucceeds()
    {
        var name = UniqueName("hog");
        await DeployOkAsync(name, """
            using System.Runtime.InteropServices;
            object Handle(FaasRequest r)
            {
                if (r.Query.ContainsKey("native"))
                {
                    for (var i = 0; i < 1000; i++)
                    {
                        var block = Marshal.AllocHGlobal(16 << 20);
                        unsafe { var p = (byte*)block; for (var o = 0; o < (16 << 20); o += 4096) p[o] = 1; }
                    }
                }
                else if (r.Query.ContainsKey("managed"))
                {
                    var keep = new List<byte[]>();
                    while (true) { keep.Add(new byte[8 << 20]); }
                }

                return "fine";
            }
            """, new { memory = "96Mi" });

        using var managed = await Admin.PostAsync($"invoke/{name}?managed=1", new StringContent(""));
        using var afterManaged = await InvokeAsync(name);
        using var native = await Admin.PostAsync($"invoke/{name}?native=1", new StringContent(""));
        using var afterNative = await InvokeAsync(name);

        Assert.That((int)managed.StatusCode, Is.AnyOf(500, 502), await managed.Content.ReadAsStringAsync());
        Assert.That(await afterManaged.Content.ReadAsStringAsync(), Is.EqualTo("fine"));
        var nativeMessage = await AssertErrorAsync(native, 502);
        Assert.That(nativeMessage, Does.Contain("out of memory"));
        Assert.That(await afterNative.Content.ReadAsStringAsync(), Is.EqualTo("fine"));
        await AssertNeighbourAsync();
    }

    [Test]
    public async Task ThreadBomb_IsContainedByPidsLimit()
    {
        var result = await AttackAsync("""
            object Handle(FaasRequest r)
            {
                var started = 0;
                string stop = "none";
                try
                {
                    for (var i = 0; i < 100_000; i++)
                    {
                        new Thread(() => Thread.Sleep(Timeout.Infinite)) { IsBackground = true }.Start();
                        started++;
                    }
                }
                catch (Exception e) { stop = e.GetType().Name; }
                return new { started, stop };
            }
            """, new { max_pids = 64 });

        Assert.That(result["started"]!.GetValue<int>(), Is.LessThan(64));
        Assert.That(result["stop"]!.GetValue<string>(), Is.Not.EqualTo("none"));
    }

    [Test]
    public async Task ForkBomb_IsContainedByPidsLimit()
    {
        var result = await AttackAsync("""
            object Handle(FaasRequest r)
            {
                Marshal.Prelink(typeof(Libc).GetMethod("pause")!);
                var forked = 0;
                var error = 0;
                for (var i = 0; i < 10_000; i++)
                {
                    var pid = Libc.fork();
                    if (pid == 0) { while (true) { Libc.pause(); } }
                    if (pid < 0) { error = Marshal.GetLastPInvokeError(); break; }
                    forked++;
                }
                return new { forked, error };
            }
            """, new { max_pids = 64 });

        Assert.That(result["forked"]!.GetValue<int>(), Is.LessThan(64));
        Assert.That(result["error"]!.GetValue<int>(), Is.EqualTo(11), "fork should fail with EAGAIN at the pids limit");
    }

    [Test]
    public async Task SpinForever_Gets504AndNeighbourKeepsAnswering()
    {
        var name = UniqueName("spinner");
        await DeployOkAsync(name, "object Handle(FaasRequest r) { while (true) { } }", new { timeout = 1 });

        var spin = InvokeAsync(name);
        await AssertNeighbourAsync();
        using var response = await spin;

        await AssertErrorAsync(response, 504, "timeout");
    }

    [Test]
    public async Task FillTmp_StopsAtItsSize()
    {
        var result = await AttackAsync("""
            object Handle(FaasRequest r)
            {
                long written = 0;
                string stop = "none";
                try
                {
                    using var file = File.OpenWrite("/tmp/fill");
                    var chunk = new byte[1 << 20];
                    for (var i = 0; i < 4096; i++) { file.Write(chunk); file.Flush(); written += chunk.Length; }
                }
                catch (IOException e) { stop = e.Message; }
                return new { written, stop };
            }
            """, new { tmp_size = "8Mi" });

        Assert.That(result["written"]!.GetValue<long>(), Is.LessThanOrEqualTo(8L << 20));
        Assert.That(result["stop"]!.GetValue<string>(), Is.Not.EqualTo("none"));
    }

    [Test]
    public async Task EnvironmentCanary_FreshBootAndStemCell_ReachesTheHandlerButNoProcessEnviron()
    {
        // Issue 18, finding 1: the environment reaches the host in the LoadRequest, never through the root launch chain.
        var canary = "faas-canary-" + Guid.NewGuid().ToString("N")[..12];
        const string code = """object Handle(FaasRequest r) => Environment.GetEnvironmentVariable("CANARY") ?? "unset";""";
        var fresh = UniqueName("canary");
        await DeployOkAsync(fresh, code, new { environment = new Dictionary<string, string> { ["CANARY"] = canary }, tmp_size = "66Mi" }); // no stem cell fits
        using (var response = await InvokeAsync(fresh))
        {
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(canary));
        }

        await RememberPidsAsync(fresh);
        var freshPid = _pids[^1];
        // This fixture keeps no stem cells: a gateway with one serves the same code from a warmed cell.
        await using var stemGateway = await GatewayProcess.StartAsync(Yaml("  stem_cells: { process: { min: 1, max: 1 } }", ""),
            new Dictionary<string, string> { ["FAAS_DISABLE_CONTAINER"] = "1" });
        using var client = stemGateway.Client(AdminKey);
        var stemPid = await InvokeFromStemCellAsync(stemGateway, client, code, canary);

        var offenders = ProcessEnvironments.All().Where(p => ProcessEnvironments.Environment(p)?.Contains(canary, StringComparison.Ordinal) == true)
            .Select(p => $"{p}: {ProcessEnvironments.CommandLine(p)}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(offenders, Is.Empty, "no process (sh, setpriv, bwrap, the host) has the function's environment in its environ");
            foreach (var pid in new[] { freshPid, stemPid })
            {
                // sh and setpriv exec'd into this bwrap: its environ is the one the launch chain ran with.
                Assert.That(ProcessEnvironments.CommandLine(pid), Does.Contain("bwrap"));
                Assert.That(ProcessEnvironments.Environment(pid)!.Split('\0', StringSplitOptions.RemoveEmptyEntries),
                    Is.SubsetOf(new[] { "PATH=/usr/bin:/bin", "PWD=/" }));
                Assert.That(ProcessEnvironments.Descendants(pid).Select(ProcessEnvironments.CommandLine), Has.Some.Contains("Faas.Host.dll"));
            }
        });
        await AssertNeighbourAsync();
    }

    /// <summary>Deploys and calls <paramref name="code"/> until a stem cell serves it (one may still be warming); returns its launcher pid.</summary>
    private async Task<int> InvokeFromStemCellAsync(GatewayProcess gateway, HttpClient client, string code, string canary)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var before = ProcessEnvironments.Descendants(gateway.Pid!.Value);
            var name = UniqueName("canary-stem");
            using (var deploy = await DeployAsync(name, code, new { environment = new Dictionary<string, string> { ["CANARY"] = canary } }, client))
            {
                Assert.That((int)deploy.StatusCode, Is.EqualTo(201), await deploy.Content.ReadAsStringAsync());
            }

            using (var response = await InvokeAsync(name, client: client))
            {
                Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(canary), "the handler sees its environment");
            }

            var instances = (await JsonAsync(await client.GetAsync("instances")))["instances"]!.AsArray();
            var pid = instances.Single(i => i!["function"]!.GetValue<string>() == name)!["pid"]!.GetValue<int>();
            if (before.Contains(pid))
            {
                return pid; // it ran before the function existed: a stem cell
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "no stem cell served a call within two minutes");
        }
    }

    [OneTimeTearDown]
    public async Task NothingIsLeftBehindAsync()
    {
        if (Gateway is null || _neighbour.Length == 0)
        {
            return;
        }

        using (var health = await Admin.GetAsync("health"))
        {
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the platform is unhealthy after the hostile suite");
        }

        await RememberPidsAsync(_neighbour);
        await Child.StopAsync();
        var alive = _pids.Where(p => Directory.Exists($"/proc/{p}")).ToList();
        var sockets = Directory.Exists(Path.Combine(Gateway.StoragePath, "run"))
            ? Directory.GetFileSystemEntries(Path.Combine(Gateway.StoragePath, "run"))
            : [];
        var cgroups = _instanceIds.SelectMany(id => Directory.EnumerateDirectories("/sys/fs/cgroup", id, new EnumerationOptions
        {
            RecurseSubdirectories = true,
            MaxRecursionDepth = 6,
            IgnoreInaccessible = true,
        })).ToList();
        Assert.That(alive, Is.Empty, "instance processes outlived the gateway");
        Assert.That(cgroups, Is.Empty, "instance cgroups were left behind");
        Assert.That(sockets, Is.Empty, "instance socket directories were left behind");
    }
}
