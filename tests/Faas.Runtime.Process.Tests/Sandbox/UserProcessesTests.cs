using Faas.Runtime.Process.Sandbox;

namespace Faas.Runtime.Process.Tests.Sandbox;

public sealed class UserProcessesTests
{
    private static string Status(string state, string uids) =>
        $"Name:\tdotnet\nUmask:\t0022\nState:\t{state}\nTgid:\t7\nPid:\t7\nPPid:\t1\nUid:\t{uids}\nGid:\t5\t5\t5\t5\n";

    [TestCase("S (sleeping)", "1900000001\t1900000001\t1900000001\t1900000001", true)]
    [TestCase("R (running)", "0\t0\t1900000001\t0", true)]
    [TestCase("S (sleeping)", "1900000002\t1900000002\t1900000002\t1900000002", false)]
    [TestCase("S (sleeping)", "0\t0\t0\t1900000001", false)]
    [TestCase("Z (zombie)", "1900000001\t1900000001\t1900000001\t1900000001", false)]
    public void RunsAs_StatusText_MatchesLiveProcessesByRealEffectiveOrSavedUid(string state, string uids, bool expected)
    {
        Assert.That(UserProcesses.RunsAs(Status(state, uids), 1_900_000_001), Is.EqualTo(expected));
    }
}
