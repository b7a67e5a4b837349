using System.Collections.Concurrent;

namespace Faas.Runtime.Process.Sandbox;

/// <summary>
/// The one thread that forks every sandbox launch chain, for the life of the platform. bubblewrap's
/// <c>--die-with-parent</c> is <c>PR_SET_PDEATHSIG</c>, and the kernel ties that to the <em>thread</em> that
/// forked the process, not to the process: a launch chain forked from a thread-pool thread is SIGKILLed when
/// that thread retires, which the thread pool does to idle workers some seconds after a burst. That is how a
/// mass start of 300 instances lost 220 healthy, idle ones ("killed by signal 9") a few seconds after they
/// were ready. Forking from a thread that never ends keeps <c>--die-with-parent</c> meaning "dies with the
/// platform". A fork is a few hundred microseconds and .NET serializes <see cref="System.Diagnostics.Process.Start()"/>
/// under its own lock anyway, so one thread costs no parallelism.
/// </summary>
internal static class SpawnThread
{
    private static readonly BlockingCollection<Request> s_requests = StartThread();

    /// <summary>The managed id of the spawning thread (tests check that launches run there).</summary>
    public static int ManagedThreadId { get; private set; }

    /// <summary>Starts <paramref name="process"/> on the spawning thread; the task ends once it has started (or failed to).</summary>
    public static Task StartAsync(System.Diagnostics.Process process)
    {
        var request = new Request(process, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        s_requests.Add(request);
        return request.Started.Task;
    }

    private static BlockingCollection<Request> StartThread()
    {
        var requests = new BlockingCollection<Request>();
        var thread = new Thread(() => Run(requests))
        {
            IsBackground = true,
            Name = "faas-spawn",
        };
        thread.Start();
        return requests;
    }

    private static void Run(BlockingCollection<Request> requests)
    {
        ManagedThreadId = Environment.CurrentManagedThreadId;
        foreach (var request in requests.GetConsumingEnumerable())
        {
            try
            {
                request.Process.Start();
                request.Started.TrySetResult();
            }
            catch (Exception e)
            {
                // Handed to the caller, which maps start failures (Win32Exception, InvalidOperationException) itself.
                request.Started.TrySetException(e);
            }
        }
    }

    private sealed record Request(System.Diagnostics.Process Process, TaskCompletionSource Started);
}
