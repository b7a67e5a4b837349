using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Faas.Orchestrator.Interop;

namespace Faas.Orchestrator.Instances;

/// <summary>
/// Creates a TCP socket inside another process's network namespace (a <c>--network none</c> container),
/// so the orchestrator can reach the container's own loopback without giving it a network. On a
/// fresh dedicated OS thread: open both namespace handles, <c>setns</c> into the target, the raw
/// <c>socket()</c> syscall only, <c>setns</c> back; nothing managed happens inside that window (any
/// thread created there would inherit the container's namespace). The descriptor is then wrapped in a
/// <see cref="Socket"/> and connected from ordinary async code. A thread whose return fails is never
/// reused: it ends with the request.
/// </summary>
internal static class NamespaceSocket
{
    public static Task<Socket> CreateAsync(int pid)
    {
        var result = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                result.SetResult(new Socket(new SafeSocketHandle(CreateInNamespace(pid), ownsHandle: true)));
            }
#pragma warning disable CA1031 // handed to the awaiting caller
            catch (Exception ex)
#pragma warning restore CA1031
            {
                result.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "faas-netns",
        };
        thread.Start();
        return result.Task;
    }

    public static async Task<Socket> ConnectAsync(int pid, int port, CancellationToken cancellationToken)
    {
        var socket = await CreateAsync(pid).ConfigureAwait(false);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static IntPtr CreateInNamespace(int pid)
    {
        var home = Libc.Open("/proc/thread-self/ns/net", Libc.ORdonly | Libc.OCloexec);
        if (home < 0)
        {
            throw Libc.Error("open(/proc/thread-self/ns/net)", Marshal.GetLastPInvokeError());
        }

        var target = Libc.Open($"/proc/{pid}/ns/net", Libc.ORdonly | Libc.OCloexec);
        if (target < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.Close(home);
            throw Libc.Error($"open(/proc/{pid}/ns/net)", errno);
        }

        int fd, socketErrno = 0, backErrno = 0;
        // --- the window: raw system calls only ---
        if (Libc.SetNs(target, Libc.CloneNewNet) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.Close(target);
            Libc.Close(home);
            throw Libc.Error("setns(container)", errno);
        }

        fd = Libc.Socket(Libc.AfInet, Libc.SockStream | Libc.SockCloexec, 0);
        if (fd < 0)
        {
            socketErrno = Marshal.GetLastPInvokeError();
        }

        var back = Libc.SetNs(home, Libc.CloneNewNet);
        if (back != 0)
        {
            backErrno = Marshal.GetLastPInvokeError();
        }
        // --- end of the window ---

        Libc.Close(target);
        Libc.Close(home);
        if (back != 0)
        {
            if (fd >= 0)
            {
                Libc.Close(fd);
            }

            // This thread is stuck in the container's namespace; it ends right after this throw.
            throw Libc.Error("setns(back)", backErrno);
        }

        return fd >= 0 ? fd : throw Libc.Error("socket", socketErrno);
    }
}
