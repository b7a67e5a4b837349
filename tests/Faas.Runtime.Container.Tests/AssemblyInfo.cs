// Container mode (Unix sockets, Docker, file modes) is Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
