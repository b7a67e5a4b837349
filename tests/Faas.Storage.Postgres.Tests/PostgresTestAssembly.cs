using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests;

/// <summary>Stops and deletes the run's PostgreSQL server once every test of this assembly ran.</summary>
[SetUpFixture]
public sealed class PostgresTestAssembly
{
    [OneTimeTearDown]
    public Task StopServerAsync() => PostgresServer.StopSharedAsync();
}
