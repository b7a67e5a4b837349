using Faas.Runtime.Container.Image;

namespace Faas.Runtime.Container.Tests.Image;

public sealed class ImageReferenceTests
{
    [TestCase("faas-runtime:0.1.0", "faas-runtime", "0.1.0")]
    [TestCase("faas-runtime", "faas-runtime", "latest")]
    [TestCase("localhost:5000/team/img:2", "localhost:5000/team/img", "2")]
    [TestCase("localhost:5000/team/img", "localhost:5000/team/img", "latest")]
    public void Parse_Name_SplitsRepositoryAndTag(string image, string repository, string tag) =>
        Assert.That(ImageReference.Parse(image), Is.EqualTo(new ImageReference(repository, tag)));
}
