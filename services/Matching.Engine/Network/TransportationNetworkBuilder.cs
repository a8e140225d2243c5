namespace Marketplace.Matching.Engine.Network;

// Builds the aggregated network. Exactness: every pledge→need path goes either through one direct arc or
// through profile → window cell → class, and a profile reaches a cell only when the cell lies within its
// earmarks, instrument and window, a cell reaches a class only when the class's window overlaps the cell's,
// so every need of the class is eligible for every pledge of every profile that reaches it; thus any path
// decomposition of a flow is a set of eligible allocations within pledge and need remainders. Conversely
// every feasible set of allocations routes through these arcs, because only pledges without a binding pair cap or minimum
// are aggregated. Both problems thus have the same feasible amounts per pledge and need, hence the same
// optimum.
internal static class TransportationNetworkBuilder
{
    public static TransportationNetwork Build(PreparedProblem prepared)
    {
        var network = new TransportationNetwork(prepared.Pledges.Count, prepared.Needs.Count);
        AddSuppliesAndGaps(prepared, network);

        var classes = new NeedClassIndex(prepared.Needs);
        var classNodes = new int[classes.Classes.Count];
        Array.Fill(classNodes, -1);
        AddProfiles(prepared, network, classes, classNodes);
        AddDirectArcs(prepared, network, classes);
        return network;
    }

    private static void AddSuppliesAndGaps(PreparedProblem prepared, TransportationNetwork network)
    {
        for (var pledge = 0; pledge < prepared.Pledges.Count; pledge++)
        {
            var remaining = prepared.Pledges[pledge].RemainingUsdCents;
            network.TotalSupply = checked(network.TotalSupply + remaining);
            network.AddArc(TransportationNetwork.Source, network.PledgeNode(pledge), remaining, 0, ArcRole.PledgeSupply, pledge, pledge);
        }

        network.AddArc(TransportationNetwork.Source, TransportationNetwork.Sink, network.TotalSupply, 0, ArcRole.Unallocated, -1, -1);
        for (var need = 0; need < prepared.Needs.Count; need++)
        {
            var cost = -prepared.NeedWeights[need];
            network.AddArc(network.NeedNode(need), TransportationNetwork.Sink, prepared.Needs[need].RemainingUsdCents, cost, ArcRole.NeedGap, need, need);
        }
    }

    private static void AddProfiles(
        PreparedProblem prepared, TransportationNetwork network, NeedClassIndex classes, int[] classNodes)
    {
        var profileIds = new Dictionary<EarmarkProfile, int>();
        var profileNodes = new List<int>();
        var representatives = new List<int>();
        var supplies = new List<long>();
        for (var pledge = 0; pledge < prepared.Pledges.Count; pledge++)
        {
            if (prepared.PledgeHasDirectArcs[pledge])
            {
                continue;
            }

            var input = prepared.Pledges[pledge];
            var key = EarmarkProfile.Of(input);
            if (!profileIds.TryGetValue(key, out var profile))
            {
                profile = profileNodes.Count;
                profileIds.Add(key, profile);
                profileNodes.Add(network.AddNode());
                representatives.Add(pledge);
                supplies.Add(0);
            }

            supplies[profile] += input.RemainingUsdCents;
            network.AddArc(network.PledgeNode(pledge), profileNodes[profile], input.RemainingUsdCents, 0, ArcRole.PledgeToProfile, pledge, profile);
        }

        // Profile → window cell → class: a profile links to each cell of its earmarks once, and a cell's
        // classes are linked once for every profile that shares its window (see WindowCell).
        var cellIds = new Dictionary<WindowCell, int>();
        var cells = new List<WindowCell>();
        var cellNodes = new List<int>();
        var cellSupplies = new List<long>();
        for (var profile = 0; profile < profileNodes.Count; profile++)
        {
            foreach (var cell in classes.CellsEligibleFor(prepared.Pledges[representatives[profile]]))
            {
                if (!cellIds.TryGetValue(cell, out var id))
                {
                    id = cells.Count;
                    cellIds.Add(cell, id);
                    cells.Add(cell);
                    cellNodes.Add(network.AddNode());
                    cellSupplies.Add(0);
                }

                cellSupplies[id] += supplies[profile];
                network.AddArc(profileNodes[profile], cellNodes[id], supplies[profile], 0, ArcRole.ProfileToCell, profile, id);
            }
        }

        for (var cell = 0; cell < cells.Count; cell++)
        {
            foreach (var needClass in classes.ClassesOf(cells[cell]))
            {
                var classNode = ClassNode(prepared, network, classes, classNodes, needClass);
                network.AddArc(cellNodes[cell], classNode, cellSupplies[cell], 0, ArcRole.CellToClass, cell, needClass);
            }
        }

        network.CellCount = cells.Count;
        network.ProfileCount = profileNodes.Count;
    }

    // Class nodes are created on first use so that classes no aggregated pledge reaches cost nothing.
    private static int ClassNode(PreparedProblem prepared, TransportationNetwork network, NeedClassIndex classes, int[] classNodes, int needClass)
    {
        if (classNodes[needClass] >= 0)
        {
            return classNodes[needClass];
        }

        var node = classNodes[needClass] = network.AddNode();
        network.ClassCount++;
        foreach (var need in classes.Classes[needClass].Needs)
        {
            network.AddArc(node, network.NeedNode(need), prepared.Needs[need].RemainingUsdCents, 0, ArcRole.ClassToNeed, needClass, need);
        }

        return node;
    }

    private static void AddDirectArcs(PreparedProblem prepared, TransportationNetwork network, NeedClassIndex classes)
    {
        for (var pledge = 0; pledge < prepared.Pledges.Count; pledge++)
        {
            if (!prepared.PledgeHasDirectArcs[pledge])
            {
                continue;
            }

            var pledgeNode = network.PledgeNode(pledge);
            foreach (var needClass in classes.ClassesEligibleFor(prepared.Pledges[pledge]))
            {
                foreach (var need in classes.Classes[needClass].Needs)
                {
                    var cap = prepared.PairCap(pledge, need);
                    if (cap == 0)
                    {
                        continue;
                    }

                    var arc = network.AddArc(pledgeNode, network.NeedNode(need), cap, 0, ArcRole.Direct, pledge, need);
                    network.DirectPairs.Add(new DirectPair(pledge, need, arc));
                }
            }
        }
    }
}
