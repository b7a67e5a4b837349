using System.Diagnostics;

namespace Faas.Storage.Postgres.Tests.EndToEnd;

/// <summary>
/// Sync calls through one client from <c>loops</c> concurrent loops, each bounded in count, recording when each call
/// started and ended and how it went. <see cref="Mark"/> notes a moment (a kill) to compare calls against.
/// </summary>
internal sealed class LoadRun(HttpClient client, string function, int loops)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Call> _calls = [];
    private int _started;

    public IReadOnlyList<Call> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToList();
            }
        }
    }

    public int Completed
    {
        get
        {
            lock (_calls)
            {
                return _calls.Count;
            }
        }
    }

    public TimeSpan Now => _clock.Elapsed;

    private volatile bool _stopped;

    /// <summary>No call is started after this.</summary>
    public void Stop() => _stopped = true;

    /// <summary>Runs until <paramref name="total"/> calls have been started (or <see cref="Stop"/>).</summary>
    public Task RunAsync(int total) => Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(async () =>
    {
        while (!_stopped && Interlocked.Increment(ref _started) <= total)
        {
            var started = _clock.Elapsed;
            string? failure;
            try
            {
                using var response = await client.PostAsync($"invoke/{function}", new StringContent("x"));
                var body = await response.Content.ReadAsStringAsync();
                failure = response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 120)]}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failure = ex.GetType().Name + ": " + ex.Message;
            }

            lock (_calls)
            {
                _calls.Add(new Call(started, _clock.Elapsed, failure));
            }
        }
    })));

    internal sealed record Call(TimeSpan Started, TimeSpan Ended, string? Failure);
}
