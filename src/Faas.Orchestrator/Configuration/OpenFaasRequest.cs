namespace Faas.Orchestrator.Configuration;

/// <summary>
/// What an OpenFaaS deployment asked for, kept as given so that <c>GET /system/function/{name}</c> reports the request
/// (limits and requests absent when they were not set) rather than the platform's effective defaults.
/// </summary>
public sealed record OpenFaasRequest(ResourceQuantities? Limits, ResourceQuantities? Requests);
