namespace Marketplace.ServiceKit.OpenApi;

/// <summary>
/// How a response body carries its schema: the object itself, a page of them, a whole list of them, or an
/// XML document whose schema is external (the response description names it), or an HTML page for people
/// (the unsubscribe page of an e-mail's link).
/// </summary>
public enum ApiResponseShape
{
    Single,
    Page,
    Items,
    Xml,
    Html,
}
