namespace Marketplace.ServiceKit.OpenApi;

/// <summary>How a response body carries its schema: the object itself, a page of them, or a whole list of them.</summary>
public enum ApiResponseShape
{
    Single,
    Page,
    Items,
}
