"""tta_core: feature flags and the gradual rollout of TTA's components.

``resolve_flags(os.environ)`` gives each component's effective mode (``new``, ``legacy``,
``shadow`` or ``canary:<p>``) and where it came from; ``load_implementation`` loads a
legacy implementation from ``module:factory`` and checks it against its seam's Protocol;
``ShadowRunner`` runs the new implementation beside the served legacy one and counts
divergences; ``choose_implementation`` routes a player to one side, stickily.
"""

from tta_core.canary import canary_bucket, choose_implementation
from tta_core.conformance import conformance_problems
from tta_core.errors import (
    FlagError,
    LegacyLoadError,
    LegacyNotConfiguredError,
    ProtocolMismatchError,
    TTACoreError,
)
from tta_core.flags import (
    Component,
    ComponentFlag,
    FlagSet,
    Implementation,
    Mode,
    flag_variable,
    legacy_variable,
    resolve_flags,
)
from tta_core.lazy_exports import lazy_exports
from tta_core.legacy import load_implementation
from tta_core.metrics import RolloutMetrics
from tta_core.seams import DockerStackManager, TurnOrchestrator
from tta_core.shadow import Comparator, Divergence, ShadowRunner, compare_fields
from tta_core.stacks import RoutedStackManager, build_stack_manager, compare_stack_status

__all__ = [
    "Comparator",
    "Component",
    "ComponentFlag",
    "Divergence",
    "DockerStackManager",
    "FlagError",
    "FlagSet",
    "Implementation",
    "LegacyLoadError",
    "LegacyNotConfiguredError",
    "Mode",
    "ProtocolMismatchError",
    "RolloutMetrics",
    "RoutedStackManager",
    "ShadowRunner",
    "TTACoreError",
    "TurnOrchestrator",
    "build_stack_manager",
    "canary_bucket",
    "choose_implementation",
    "compare_fields",
    "compare_stack_status",
    "conformance_problems",
    "flag_variable",
    "lazy_exports",
    "legacy_variable",
    "load_implementation",
    "resolve_flags",
]
