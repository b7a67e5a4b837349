namespace Faas.Orchestrator.Configuration;

/// <summary>The load a <see cref="LoadTarget"/> measures (OpenFaaS's <c>com.openfaas.scale.type</c>).</summary>
public enum LoadMetric
{
    /// <summary><c>rps</c>: calls started per second, over the last 10 s.</summary>
    RequestsPerSecond,

    /// <summary><c>capacity</c>: calls in flight (running or waiting for an instance).</summary>
    InFlight,
}
