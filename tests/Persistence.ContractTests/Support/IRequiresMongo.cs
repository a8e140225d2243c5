namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>Marks a concrete contract class that runs the shared suite against MongoDB.</summary>
public interface IRequiresMongo;
