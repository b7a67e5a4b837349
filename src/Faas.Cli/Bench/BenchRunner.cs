using System.Globalization;

namespace Faas.Cli.Bench;

/// <summary>
/// Runs a <see cref="BenchPlan"/>: <c>Concurrency</c> workers on one HttpClient, each sending the
/// next call as soon as its last one is answered, until the count or the time limit is reached.
/// </summary>
internal sealed class BenchRunner(BenchPlan plan, TimeProvider time)
{
    /// <summary>Past the time limit, calls still in flight get this long before they are cut off.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private long _issued;
    private long _completed;
    private long _started;

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>How far the run is, from 0 to 1 (by count or by time, whichever is further).</summary>
    public double Fraction()
    {
        var byCount = plan.Requests is { } n ? Completed / (double)n : 0;
        var byTime = plan.Duration is { } d && Interlocked.Read(ref _started) != 0
            ? time.GetElapsedTime(Interlocked.Read(ref _started)) / d
            : 0;
        return Math.Clamp(Math.Max(byCount, byTime), 0, 1);
    }

    public async Task<BenchResult> RunAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(plan.TimeLimit + Grace);
        var started = time.GetTimestamp();
        Interlocked.Exchange(ref _started, started);
        var tallies = await Task.WhenAll(Enumerable.Range(0, plan.Concurrency).Select(_ => Task.Run(() => WorkAsync(client, started, limit.Token))));
        var elapsed = time.GetElapsedTime(started);
        var latency = new LatencyHistogram();
        var statuses = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (histogram, counts) in tallies)
        {
            latency.Merge(histogram);
            foreach (var (status, count) in counts)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + count;
            }
        }

        return new BenchResult(latency, statuses, elapsed);
    }

    private async Task<(LatencyHistogram, Dictionary<string, long>)> WorkAsync(HttpClient client, long started, CancellationToken cancellationToken)
    {
        var histogram = new LatencyHistogram();
        var statuses = new Dictionary<string, long>(StringComparer.Ordinal);
        var path = Api.ApiPaths.Invoke(plan.Function);
        var method = new HttpMethod(plan.Method);
        while (!cancellationToken.IsCancellationRequested && time.GetElapsedTime(started) < plan.TimeLimit)
        {
            if (plan.Requests is { } n && Interlocked.Increment(ref _issued) > n)
            {
                break;
            }

            var sent = time.GetTimestamp();
            string status;
            try
            {
                using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(plan.Body) };
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                await response.Content.CopyToAsync(Stream.Null, cancellationToken);
                status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException)
            {
                status = "connection error";
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                status = "timeout";
            }
            catch (OperationCanceledException)
            {
                break;
            }

            histogram.Record(time.GetElapsedTime(sent));
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Interlocked.Increment(ref _completed);
        }

        return (histogram, statuses);
    }
}
