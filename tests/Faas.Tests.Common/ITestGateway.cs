namespace Faas.Tests.Common;

/// <summary>A gateway under test, in a child process (<see cref="GatewayProcess"/>) or in process on a test server.</summary>
public interface ITestGateway : IAsyncDisposable
{
    Uri BaseAddress { get; }

    /// <summary>Its storage directory.</summary>
    string StoragePath { get; }

    /// <summary>Everything it logged so far.</summary>
    string Output { get; }

    /// <summary>An HTTP client for the gateway, with <c>Authorization: Bearer {key}</c> when a key is given.</summary>
    HttpClient Client(string? apiKey = null);
}
