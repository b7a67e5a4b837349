using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Executions;

/// <summary>The invariants of <see cref="ExecutionOptions"/>, checked once at start (<c>ValidateOnStart</c>).</summary>
internal sealed class ExecutionOptionsValidator : IValidateOptions<ExecutionOptions>
{
    public ValidateOptionsResult Validate(string? name, ExecutionOptions options)
    {
        var problems = new List<string>();
        if (options.Workers < 1)
        {
            problems.Add("Workers (async.workers) must be at least 1");
        }

        if (options.MaxAttempts < 1)
        {
            problems.Add("MaxAttempts (async.max_attempts) must be at least 1");
        }

        if (options.MaxQueued < 1)
        {
            problems.Add("MaxQueued (async.max_queued) must be at least 1");
        }

        if (options.RetryBackoff < TimeSpan.Zero || options.MaxRetryBackoff < options.RetryBackoff)
        {
            problems.Add("RetryBackoff must not be negative nor above MaxRetryBackoff");
        }

        if (options.Retention <= TimeSpan.Zero || options.CallbackTimeout <= TimeSpan.Zero)
        {
            problems.Add("Retention and CallbackTimeout must be positive");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
