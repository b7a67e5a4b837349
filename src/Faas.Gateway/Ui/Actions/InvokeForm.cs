namespace Faas.Gateway.Ui.Actions;

/// <summary>What the invoke console sends: a method, a path below the function (with an optional query), header lines and a text body.</summary>
public sealed record InvokeForm(string Function, string Method, string Path, string Headers, string Body);
