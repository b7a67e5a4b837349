namespace Faas.Orchestrator.Storage;

/// <summary>Where a schedule was declared.</summary>
public enum ScheduleOrigin
{
    /// <summary><c>POST /functions/{name}/schedules</c>.</summary>
    Api,

    /// <summary><c>functions.&lt;name&gt;.schedules</c> in faas_config.yaml.</summary>
    Config,

    /// <summary>The OpenFaaS cron-connector's annotations (<c>topic: cron-function</c>, <c>schedule</c>) of a function.</summary>
    OpenFaas,
}
