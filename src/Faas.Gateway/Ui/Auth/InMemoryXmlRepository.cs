using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Faas.Gateway.Ui.Auth;

/// <summary>
/// Data Protection keys (which protect the dashboard's session cookies and antiforgery tokens) kept in memory
/// only: nothing is written to disk, and every session ends when the gateway restarts.
/// </summary>
internal sealed class InMemoryXmlRepository : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return _elements.Select(e => new XElement(e)).ToList();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_gate)
        {
            _elements.Add(new XElement(element));
        }
    }
}
