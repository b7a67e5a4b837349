using Microsoft.AspNetCore.Authentication;

namespace Faas.Gateway.Auth;

/// <summary>Options of the API-key scheme: the keys themselves come from <see cref="ApiKeyAuthenticator"/>.</summary>
internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;
