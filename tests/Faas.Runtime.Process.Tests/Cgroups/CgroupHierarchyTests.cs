using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process.Cgroups;

namespace Faas.Runtime.Process.Tests.Cgroups;

/// <summary>Runs the hierarchy code over plain directories laid out like cgroup mounts.</summary>
public sealed class CgroupHierarchyTests
{
    private string _root = "";

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("faas-cgroup-fake-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public void DetectVersion_UnifiedRoot_ReturnsV2()
    {
        File.WriteAllText(Path.Combine(_root, "cgroup.controllers"), "cpu memory pids\n");
        Assert.That(CgroupHierarchy.DetectVersion(_root), Is.EqualTo(CgroupVersion.V2));
    }

    [Test]
    public void DetectVersion_ControllerDirectories_ReturnsV1()
    {
        CreateV1("memory");
        Assert.That(CgroupHierarchy.DetectVersion(_root), Is.EqualTo(CgroupVersion.V1));
    }

    [Test]
    public void DetectVersion_Nothing_ReturnsNone()
    {
        Assert.That(CgroupHierarchy.DetectVersion(_root), Is.EqualTo(CgroupVersion.None));
    }

    [Test]
    public void OwnV1Path_CoMountedControllers_FindsController()
    {
        const string self = "12:pids:/\n4:memory:/svc/abc\n2:cpu,cpuacct:/x\n0::/\n";
        Assert.Multiple(() =>
        {
            Assert.That(CgroupHierarchy.OwnV1Path(self, "memory"), Is.EqualTo("/svc/abc"));
            Assert.That(CgroupHierarchy.OwnV1Path(self, "cpu"), Is.EqualTo("/x"));
            Assert.That(CgroupHierarchy.OwnV1Path(self, "pids"), Is.EqualTo("/"));
            Assert.That(CgroupHierarchy.OwnV1Path(self, "blkio"), Is.EqualTo("/"));
        });
    }

    [Test]
    public async Task CreateAsync_V1_CreatesGroupUnderOwnCgroupWithLimits()
    {
        CreateV1("memory", "cpu", "pids");
        Directory.CreateDirectory(Path.Combine(_root, "memory", "svc"));
        var hierarchy = CgroupHierarchy.Open(_root, "faas", "4:memory:/svc\n1:cpu:/\n8:pids:/\n");
        var cgroup = await hierarchy.CreateAsync("inst-1", new ResourceLimits(128L << 20, 500, 32, 1 << 20, 64), CgroupControllerNames.All);

        var memory = Path.Combine(_root, "memory", "svc", "faas", "inst-1");
        Assert.Multiple(() =>
        {
            Assert.That(hierarchy.Version, Is.EqualTo(CgroupVersion.V1));
            Assert.That(cgroup.Directories[CgroupController.Memory], Is.EqualTo(memory));
            Assert.That(File.ReadAllText(Path.Combine(memory, "memory.limit_in_bytes")), Is.EqualTo("134217728"));
            Assert.That(File.ReadAllText(Path.Combine(_root, "cpu", "faas", "inst-1", "cpu.cfs_quota_us")), Is.EqualTo("50000"));
            Assert.That(File.ReadAllText(Path.Combine(_root, "pids", "faas", "inst-1", "pids.max")), Is.EqualTo("32"));
            Assert.That(cgroup.ProcsFiles, Has.Exactly(3).Items);
        });
    }

    [Test]
    public async Task RemoveEmptyParents_V1_RemovesThePlatformsEmptyParentsAndKeepsOneWithAGroupLeft()
    {
        CreateV1("memory", "cpu", "pids");
        var hierarchy = CgroupHierarchy.Open(_root, "faas-platform", "4:memory:/\n1:cpu:/\n8:pids:/\n");
        await hierarchy.CreateAsync("left-behind", new ResourceLimits(128L << 20, 500, 32, 1 << 20, 64), [CgroupController.Memory]);

        hierarchy.RemoveEmptyParents();

        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(Path.Combine(_root, "cpu", "faas-platform")), Is.False);
            Assert.That(Directory.Exists(Path.Combine(_root, "pids", "faas-platform")), Is.False);
            Assert.That(Directory.Exists(Path.Combine(_root, "memory", "faas-platform", "left-behind")), Is.True, "a group still there keeps its parent");
        });
    }

    [Test]
    public void Open_V1MissingController_RecordsProblem()
    {
        CreateV1("memory", "pids");
        var hierarchy = CgroupHierarchy.Open(_root, "faas", "");
        Assert.Multiple(() =>
        {
            Assert.That(hierarchy.Parents.Keys, Is.EquivalentTo(new[] { CgroupController.Memory, CgroupController.Pids }));
            Assert.That(hierarchy.Problems[CgroupController.Cpu], Does.Contain("'cpu' is not mounted"));
        });
    }

    [Test]
    public async Task CreateAsync_V2_EnablesControllersAndWritesOneDirectory()
    {
        File.WriteAllText(Path.Combine(_root, "cgroup.controllers"), "cpuset cpu io memory pids\n");
        File.WriteAllText(Path.Combine(_root, "cgroup.subtree_control"), "");
        var hierarchy = CgroupHierarchy.Open(_root, "faas", "0::/\n");
        var cgroup = await hierarchy.CreateAsync("inst-2", new ResourceLimits(64L << 20, 2000, 16, 1 << 20, 64), CgroupControllerNames.All);

        var directory = Path.Combine(_root, "faas", "inst-2");
        Assert.Multiple(() =>
        {
            Assert.That(hierarchy.Problems, Is.Empty);
            Assert.That(File.ReadAllText(Path.Combine(_root, "faas", "cgroup.subtree_control")), Is.EqualTo("+memory +cpu +pids"));
            Assert.That(cgroup.DistinctDirectories, Is.EqualTo(new[] { directory }));
            Assert.That(File.ReadAllText(Path.Combine(directory, "memory.max")), Is.EqualTo("67108864"));
            Assert.That(File.ReadAllText(Path.Combine(directory, "cpu.max")), Is.EqualTo("200000 100000"));
            Assert.That(File.ReadAllText(Path.Combine(directory, "pids.max")), Is.EqualTo("16"));
        });
    }

    [Test]
    public async Task Apply_V1NewLimits_RewritesOnlyTheFilesWhoseValueChanges()
    {
        CreateV1("memory", "cpu", "pids");
        var hierarchy = CgroupHierarchy.Open(_root, "faas", "4:memory:/\n1:cpu:/\n8:pids:/\n");
        var cgroup = await hierarchy.CreateAsync("cell", new ResourceLimits(256L << 20, 1000, 32, 1 << 20, 64), CgroupControllerNames.All);
        var memory = Path.Combine(_root, "memory", "faas", "cell");
        var cpu = Path.Combine(_root, "cpu", "faas", "cell");
        var pids = Path.Combine(_root, "pids", "faas", "cell");
        // Files the new limits leave as they are must not be written: mark them.
        File.WriteAllText(Path.Combine(cpu, "cpu.cfs_period_us"), "untouched");
        File.WriteAllText(Path.Combine(pids, "pids.max"), "untouched");
        File.WriteAllText(Path.Combine(memory, "memory.memsw.limit_in_bytes"), "268435456");

        var limits = new ResourceLimits(64L << 20, 500, 32, 1 << 20, 64);
        cgroup.Apply(limits);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(memory, "memory.limit_in_bytes")), Is.EqualTo("67108864"));
            Assert.That(File.ReadAllText(Path.Combine(memory, "memory.memsw.limit_in_bytes")), Is.EqualTo("67108864"));
            Assert.That(File.ReadAllText(Path.Combine(cpu, "cpu.cfs_quota_us")), Is.EqualTo("50000"));
            Assert.That(File.ReadAllText(Path.Combine(cpu, "cpu.cfs_period_us")), Is.EqualTo("untouched"));
            Assert.That(File.ReadAllText(Path.Combine(pids, "pids.max")), Is.EqualTo("untouched"));
            Assert.That(cgroup.Limits, Is.EqualTo(limits));
        });
    }

    [Test]
    public void Open_V2ControllerBoundToV1_RecordsProblem()
    {
        File.WriteAllText(Path.Combine(_root, "cgroup.controllers"), "pids\n");
        var hierarchy = CgroupHierarchy.Open(_root, "faas", "0::/\n");
        Assert.That(hierarchy.Problems.Keys, Is.EquivalentTo(new[] { CgroupController.Memory, CgroupController.Cpu }));
    }

    [Test]
    public void WasOutOfMemoryKilled_V2EventsWithOomKill_ReturnsTrue()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, "g")).FullName;
        File.WriteAllText(Path.Combine(directory, "memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        var cgroup = new InstanceCgroup(CgroupVersion.V2, new Dictionary<CgroupController, string> { [CgroupController.Memory] = directory });
        Assert.That(cgroup.WasOutOfMemoryKilled(), Is.True);
    }

    private void CreateV1(params string[] controllers)
    {
        foreach (var controller in controllers)
        {
            var directory = Directory.CreateDirectory(Path.Combine(_root, controller)).FullName;
            File.WriteAllText(Path.Combine(directory, "cgroup.procs"), "");
        }
    }
}
