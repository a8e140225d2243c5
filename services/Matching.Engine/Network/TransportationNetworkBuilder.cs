namespace Marketplace.Matching.Engine.Network;

// Builds the aggregated network. Exactness: every pledge→need path goes through one direct arc, through
// profile → window cell → class, or down a class's gap chain (see AddCappedPledge). A profile reaches a cell only
// when the cell lies within its earmarks, instrument and window, a cell reaches a class only when the class's
// window overlaps the cell's, so every need of the class is eligible for every pledge of every profile that
// reaches it; thus any path decomposition of a flow is a set of eligible allocations within pledge and need
// remainders. Conversely every feasible set of allocations routes through these arcs, because only pledges
// without a per-pair fact (binding cap, minimum, forbidden pair) are aggregated, and a capped pledge reaches by
// chain only needs on which its cap cannot bind. Both problems thus have the same feasible amounts per pledge and
// need, hence the same optimum.
//
// Minimum tickets are no flow constraint, so the relaxation may route a minimum-ticket pledge like any other. On a
// small network they get explicit arcs (the repair's dives forbid and force single pairs); on a large one (see
// ForRelaxation) those without a binding cap or a forbidden pair share the aggregated nodes, which also lets them
// reach needs whose gap is below their minimum: a looser relaxation, still an upper bound, exact when no pair
// breaks a minimum. After the relaxation the repair's freeze gives each of them explicit arcs to only the pairs it
// keeps (see AddKeptPairs): a few per pledge instead of one per eligible need.
internal static class TransportationNetworkBuilder
{
    // Every pledge with a minimum or a forbidden pair gets explicit arcs, a capped one explicit arcs where its cap
    // binds: the network the repair's dives work on.
    public static TransportationNetwork Build(PreparedProblem prepared) =>
        Build(prepared, new NeedClassIndex(prepared.Needs), pledge => Explicit(prepared, pledge));

    // The relaxation's network: explicit arcs for minimum-ticket pledges (Build) when that network stays within
    // directArcLimit arcs, so that the repair can dive on it; otherwise minimum-ticket pledges without a per-pair
    // limit are aggregated. The limit is checked on the aggregated network plus those pledges' eligible pairs, an
    // upper bound of the explicit network's size. Minimums is true when they are aggregated.
    public static (TransportationNetwork Network, bool MinimumsAggregated) ForRelaxation(PreparedProblem prepared, int directArcLimit)
    {
        var classes = new NeedClassIndex(prepared.Needs);
        var aggregated = Build(prepared, classes, pledge => Relaxed(prepared, pledge));
        var minimumPairs = 0L;
        for (var pledge = 0; pledge < prepared.Pledges.Count && aggregated.Arcs.Count + minimumPairs <= directArcLimit; pledge++)
        {
            if (prepared.PledgeMinimums[pledge] > 0 && !prepared.PledgeHasPairLimits[pledge])
            {
                minimumPairs += EligiblePairs(prepared, classes, pledge).Count();
            }
        }

        return aggregated.Arcs.Count + minimumPairs <= directArcLimit
            ? (Build(prepared, classes, pledge => Explicit(prepared, pledge)), false)
            : (aggregated, true);
    }

    // The repair's freeze when minimums were aggregated: explicit arcs from every pledge with a minimum to each of its
    // kept needs, appended to the relaxation's network; the caller closes those pledges' other arcs (see
    // MinimumFreeze). Returns the first appended arc and the eligible pairs of those pledges left without an arc (the
    // pairs the freeze forbids).
    public static (int FirstArc, int PairsLeftOut) AddKeptPairs(PreparedProblem prepared, TransportationNetwork network, IReadOnlyDictionary<int, List<int>> kept)
    {
        var firstArc = network.Arcs.Count;
        var classes = new NeedClassIndex(prepared.Needs);
        var leftOut = 0;
        for (var pledge = 0; pledge < prepared.Pledges.Count; pledge++)
        {
            if (prepared.PledgeMinimums[pledge] == 0)
            {
                continue;
            }

            var needs = kept.GetValueOrDefault(pledge) ?? [];
            leftOut += EligiblePairs(prepared, classes, pledge).Count() - needs.Count;
            foreach (var need in needs)
            {
                var arc = network.AddArc(network.PledgeNode(pledge), network.NeedNode(need), prepared.PairCap(pledge, need), 0, ArcRole.Direct, pledge, need);
                network.DirectPairs.Add(new DirectPair(pledge, need, arc));
            }
        }

        return (firstArc, leftOut);
    }

    private static Route Explicit(PreparedProblem prepared, int pledge) =>
        prepared.PledgeCapOnly[pledge] ? Route.Capped : prepared.PledgeHasDirectArcs[pledge] ? Route.Direct : Route.Aggregated;

    private static Route Relaxed(PreparedProblem prepared, int pledge) =>
        prepared.PledgeCapOnly[pledge] ? Route.Capped : prepared.PledgeHasPairLimits[pledge] ? Route.Direct : Route.Aggregated;

    // Eligible pairs of the pledge that may carry money (PairCap above 0), in a fixed order.
    public static IEnumerable<int> EligiblePairs(PreparedProblem prepared, NeedClassIndex classes, int pledge)
    {
        foreach (var needClass in classes.ClassesEligibleFor(prepared.Pledges[pledge]))
        {
            foreach (var need in classes.Classes[needClass].Needs)
            {
                if (prepared.PairCap(pledge, need) > 0)
                {
                    yield return need;
                }
            }
        }
    }

    private enum Route
    {
        // Through its earmark profile, the window cells and the need classes.
        Aggregated,

        // One explicit arc per eligible pair.
        Direct,

        // A binding cap and nothing else per pair: gap chains where the cap cannot bind, explicit arcs where it can.
        Capped,
    }

    private static TransportationNetwork Build(
        PreparedProblem prepared, NeedClassIndex classes, Func<int, Route> routeOf)
    {
        var routes = new Route[prepared.Pledges.Count];
        for (var pledge = 0; pledge < routes.Length; pledge++)
        {
            routes[pledge] = routeOf(pledge);
        }

        var network = new TransportationNetwork(prepared.Pledges.Count, prepared.Needs.Count);
        AddSuppliesAndGaps(prepared, network);
        var classNodes = new int[classes.Classes.Count];
        Array.Fill(classNodes, -1);
        AddProfiles(prepared, network, classes, classNodes, routes);
        AddDirectArcs(prepared, network, classes, routes);
        var chains = new GapChains(prepared, network, classes.Classes.Count);
        for (var pledge = 0; pledge < routes.Length; pledge++)
        {
            if (routes[pledge] == Route.Capped)
            {
                AddCappedPledge(prepared, network, classes, chains, pledge);
            }
        }

        network.ChainNodeCount = chains.NodeCount;
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
        PreparedProblem prepared, TransportationNetwork network, NeedClassIndex classes, int[] classNodes, Route[] routes)
    {
        var profileIds = new Dictionary<EarmarkProfile, int>();
        var profileNodes = new List<int>();
        var representatives = new List<int>();
        var supplies = new List<long>();
        for (var pledge = 0; pledge < prepared.Pledges.Count; pledge++)
        {
            if (routes[pledge] != Route.Aggregated)
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

    private static void AddDirectArcs(
        PreparedProblem prepared, TransportationNetwork network, NeedClassIndex classes, Route[] routes)
    {
        for (var pledge = 0; pledge < prepared.Pledges.Count; pledge++)
        {
            if (routes[pledge] != Route.Direct)
            {
                continue;
            }

            var pledgeNode = network.PledgeNode(pledge);
            foreach (var need in EligiblePairs(prepared, classes, pledge))
            {
                var arc = network.AddArc(pledgeNode, network.NeedNode(need), prepared.PairCap(pledge, need), 0, ArcRole.Direct, pledge, need);
                network.DirectPairs.Add(new DirectPair(pledge, need, arc));
            }
        }
    }

    // A pledge whose cap binds on some needs only. Within a class, sorted by gap, the needs whose gap is at most the
    // cap are a prefix; the cap cannot bind on them (a pair never carries more than the need's gap), so the pledge
    // reaches them through the class's gap chain: one arc into the node of the prefix's largest gap, which reaches
    // exactly the prefix. Every pledge entering a chain node is eligible for every need below it (same class) and
    // no need below it has a gap above that pledge's cap, so any split of the chain's flow is a set of eligible
    // allocations within every cap; conversely an allocation on a need of the prefix routes down the chain. The
    // needs above the prefix, where the cap binds, get explicit arcs at the cap. Same feasible allocations, same
    // optimum; explicit arcs only where the cap binds.
    private static void AddCappedPledge(PreparedProblem prepared, TransportationNetwork network, NeedClassIndex classes, GapChains chains, int pledge)
    {
        var cap = prepared.PledgePairCaps[pledge];
        var pledgeNode = network.PledgeNode(pledge);
        foreach (var needClass in classes.ClassesEligibleFor(prepared.Pledges[pledge]))
        {
            var sorted = chains.SortedNeeds(needClass, classes.Classes[needClass].Needs);
            var within = chains.CountWithin(sorted, cap);
            if (within > 0)
            {
                var (node, id) = chains.Node(needClass, within - 1);
                network.AddArc(pledgeNode, node, prepared.Pledges[pledge].RemainingUsdCents, 0, ArcRole.PledgeToChain, pledge, id);
            }

            for (var i = within; i < sorted.Length; i++)
            {
                var need = sorted[i];
                var arc = network.AddArc(pledgeNode, network.NeedNode(need), prepared.PairCap(pledge, need), 0, ArcRole.Direct, pledge, need);
                network.DirectPairs.Add(new DirectPair(pledge, need, arc));
            }
        }
    }

    // The gap chains of the classes that capped pledges reach: per class, its needs sorted by gap (then index), and a
    // node per position, created bottom up as far as some pledge enters: node i → need i (its gap) and node i → node
    // i − 1 (all the supply). Chain node ids grow up each chain, so the decomposition walks them in descending order.
    private sealed class GapChains(PreparedProblem prepared, TransportationNetwork network, int classCount)
    {
        private readonly int[]?[] _sorted = new int[]?[classCount];
        private readonly List<(int Node, int Id)>?[] _nodes = new List<(int, int)>?[classCount];

        public int NodeCount { get; private set; }

        public int[] SortedNeeds(int needClass, List<int> needs) =>
            _sorted[needClass] ??= [.. needs.OrderBy(n => prepared.Needs[n].RemainingUsdCents).ThenBy(n => n)];

        public int CountWithin(int[] sorted, long cap)
        {
            var (low, high) = (0, sorted.Length);
            while (low < high)
            {
                var middle = (low + high) / 2;
                (low, high) = prepared.Needs[sorted[middle]].RemainingUsdCents <= cap ? (middle + 1, high) : (low, middle);
            }

            return low;
        }

        public (int Node, int Id) Node(int needClass, int position)
        {
            var nodes = _nodes[needClass] ??= [];
            var sorted = _sorted[needClass]!;
            while (nodes.Count <= position)
            {
                var node = network.AddNode();
                var id = NodeCount++;
                var need = sorted[nodes.Count];
                network.AddArc(node, network.NeedNode(need), prepared.Needs[need].RemainingUsdCents, 0, ArcRole.ChainToNeed, id, need);
                if (nodes.Count > 0)
                {
                    network.AddArc(node, nodes[^1].Node, network.TotalSupply, 0, ArcRole.ChainLink, id, nodes[^1].Id);
                }

                nodes.Add((node, id));
            }

            return nodes[position];
        }
    }
}
