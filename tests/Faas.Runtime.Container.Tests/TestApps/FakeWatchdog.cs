using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace Faas.Runtime.Container.Tests.TestApps;

/// <summary>
/// A watchdog-like HTTP server for the OpenFaaS image test (<c>FAAS_TEST_MODE=watchdog</c>): listens on
/// 127.0.0.1:8080 only, answers <c>/_/health</c> with OK and anything else with what it received, the
/// container's network interfaces and the secret mounted at <c>/var/openfaas/secrets/$SECRET_NAME</c>.
/// </summary>
public static class FakeWatchdog
{
    public static int Run()
    {
        var listener = new TcpListener(IPAddress.Loopback, 8080);
        listener.Start();
        Console.Out.WriteLine("watchdog listening on 127.0.0.1:8080");
        while (true)
        {
            using var client = listener.AcceptTcpClient();
            try
            {
                Serve(client.GetStream());
            }
            catch (IOException)
            {
            }
        }
    }

    private static string Header(string[] lines, string name) =>
        lines.Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)).Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault() ?? "";

    /// <summary>Whether the image's own directory <c>/scratch</c> (mode 1777 in the image, not a volume) can be written: the root file system.</summary>
    private static string RootFilesystem()
    {
        var probe = "/scratch/probe-" + Guid.NewGuid().ToString("N");
        try
        {
            File.WriteAllText(probe, "x");
            File.Delete(probe);
            return "writable";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "read-only";
        }
    }

    private static void Serve(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && stream.Read(one, 0, 1) == 1)
        {
            head.Append((char)one[0]);
        }

        var lines = head.ToString().Split("\r\n");
        var parts = lines[0].Split(' ');
        var length = lines.Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = stream.Read(body, read, length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var path = parts.Length > 1 ? parts[1] : "/";
        string answer;
        if (path.StartsWith("/_/health", StringComparison.Ordinal))
        {
            answer = "OK";
        }
        else
        {
            var secretName = Environment.GetEnvironmentVariable("SECRET_NAME") ?? "none";
            var secretPath = "/var/openfaas/secrets/" + secretName;
            var secret = File.Exists(secretPath) ? File.ReadAllText(secretPath) : "(missing)";
            answer = $"method={parts[0]};path={path};body={Encoding.UTF8.GetString(body)};" +
                $"interfaces={string.Join(',', NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name))};" +
                $"secret={secret};fprocess={Environment.GetEnvironmentVariable("fprocess")};" +
                $"callid={Header(lines, "X-Call-Id")};start={Header(lines, "X-Start-Time")};xff={Header(lines, "X-Forwarded-For")};" +
                $"xfh={Header(lines, "X-Forwarded-Host")};xfp={Header(lines, "X-Forwarded-Proto")};root={RootFilesystem()};";
        }

        var payload = Encoding.UTF8.GetBytes(answer);
        var response = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Watchdog: fake\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
        stream.Write(response);
        stream.Write(payload);
    }
}
