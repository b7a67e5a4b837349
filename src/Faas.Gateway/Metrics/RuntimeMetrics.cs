using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Faas.Gateway.Metrics;

/// <summary>
/// Process and .NET runtime basics under their conventional Prometheus names, read when scraped.
/// The built-in <c>System.Runtime</c> meter measures some of them too, under OpenTelemetry's
/// names; <see cref="MetricStreams"/> leaves those out so each value is exported once.
/// </summary>
internal sealed class RuntimeMetrics
{
    public const string MeterName = "Faas.Runtime";

    public RuntimeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        var startTime = new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;

        meter.CreateObservableCounter("process_cpu_seconds_total", () => Environment.CpuUsage.TotalTime.TotalSeconds,
            description: "Total user and system CPU time spent in seconds.");
        meter.CreateObservableGauge("process_resident_memory_bytes", () => Environment.WorkingSet,
            description: "Resident memory size in bytes.");
        meter.CreateObservableGauge("process_start_time_seconds", () => startTime,
            description: "Start time of the process since unix epoch in seconds.");
        meter.CreateObservableGauge("process_open_fds", OpenFileDescriptors,
            description: "Number of open file descriptors.");
        meter.CreateObservableGauge("dotnet_gc_heap_size_bytes", () => GC.GetGCMemoryInfo().HeapSizeBytes,
            description: "Size of the managed heap in bytes as of the last garbage collection.");
        meter.CreateObservableGauge("dotnet_total_memory_bytes", () => GC.GetTotalMemory(forceFullCollection: false),
            description: "Bytes currently thought to be allocated on the managed heap.");
        meter.CreateObservableCounter("dotnet_gc_allocated_bytes_total", () => GC.GetTotalAllocatedBytes(),
            description: "Bytes allocated on the managed heap since the process started.");
        meter.CreateObservableCounter("dotnet_gc_collections_total", Collections,
            description: "Garbage collections since the process started, by generation.");
        meter.CreateObservableGauge("dotnet_threadpool_threads", () => ThreadPool.ThreadCount,
            description: "Threads currently in the thread pool.");
        meter.CreateObservableGauge("dotnet_threadpool_queue_length", () => ThreadPool.PendingWorkItemCount,
            description: "Work items queued to the thread pool and not yet started.");
        meter.CreateObservableCounter("dotnet_threadpool_completed_items_total", () => ThreadPool.CompletedWorkItemCount,
            description: "Work items the thread pool has completed.");
    }

    private static IEnumerable<Measurement<long>> Collections()
    {
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            yield return new Measurement<long>(GC.CollectionCount(generation), new KeyValuePair<string, object?>("generation", $"gen{generation}"));
        }
    }

    private static long OpenFileDescriptors()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount();
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
