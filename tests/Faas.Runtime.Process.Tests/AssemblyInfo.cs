// The process runtime and its tests are Linux-only (namespaces, cgroups, seccomp).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
