using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Faas.Runtime.Container.Interop;
using Microsoft.Win32.SafeHandles;

namespace Faas.Runtime.Container.Watchdog;

/// <summary>
/// Creates a TCP socket inside another network namespace (a <c>--network none</c> container's, held by a
/// <see cref="NetworkNamespaceHandle"/> taken when it started), so the orchestrator can reach the
/// container's own loopback without giving it a network. On a fresh dedicated OS thread: open a handle
/// of the thread's own namespace, <c>setns</c> into the target, the raw <c>socket()</c> syscall only,
/// <c>setns</c> back; nothing managed happens inside that window (any thread created there would inherit
/// the container's namespace). The descriptor is then wrapped in a <see cref="Socket"/> and connected
/// from ordinary async code. A thread whose return fails is never reused: it ends with the request.
/// </summary>
internal static class NamespaceSocket
{
    public static Task<Socket> CreateAsync(NetworkNamespaceHandle target)
    {
        var result = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                result.SetResult(new Socket(new SafeSocketHandle(CreateInNamespace(target), ownsHandle: true)));
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

    public static async Task<Socket> ConnectAsync(NetworkNamespaceHandle target, int port, CancellationToken cancellationToken)
    {
        var socket = await CreateAsync(target).ConfigureAwait(false);
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

    private static IntPtr CreateInNamespace(NetworkNamespaceHandle target)
    {
        var home = Libc.Open("/proc/thread-self/ns/net", Libc.ORdonly | Libc.OCloexec);
        if (home < 0)
        {
            throw Libc.Error("open(/proc/thread-self/ns/net)", Marshal.GetLastPInvokeError());
        }

        using var homeHandle = new SafeFileHandle(home, ownsHandle: true);
        var added = false;
        try
        {
            // Keeps the descriptor open (and its number unused by anything else) until the window is over,
            // even if the instance is disposed meanwhile.
            target.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException ex)
        {
            throw new IOException("the instance's network namespace handle is closed (the instance was removed)", ex);
        }

        try
        {
            return InWindow((int)target.DangerousGetHandle(), home);
        }
        finally
        {
            if (added)
            {
                target.DangerousRelease();
            }
        }
    }

    /// <summary>setns into <paramref name="target"/>, socket(), setns back to <paramref name="home"/>: raw system calls only.</summary>
    private static IntPtr InWindow(int target, int home)
    {
        int socketErrno = 0, backErrno = 0;
        if (Libc.SetNs(target, Libc.CloneNewNet) != 0)
        {
            throw Libc.Error("setns(container)", Marshal.GetLastPInvokeError());
        }

        var fd = Libc.Socket(Libc.AfInet, Libc.SockStream | Libc.SockCloexec, 0);
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
