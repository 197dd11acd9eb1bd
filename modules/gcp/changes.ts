/**
 * What hashicorp/google (6.x) cannot change in place, for reviewing a change
 * without a plan: a firewall's name, network, project and direction are
 * ForceNew, and so are its deny blocks ("unlike allow, deny can't be updated
 * upstream"); allow blocks, ranges, tags, priority, description and logging
 * are updated in place.
 */
import { attributesReplace, CloudChangeRules } from "../cloud";
import { FIREWALL_TYPE } from "./vocabulary";

export const GCP_CHANGE_RULES: CloudChangeRules = {
  replacedWhen: {
    [FIREWALL_TYPE]: (before, after, isReplaced) => {
      const reasons = attributesReplace("name", "network", "project", "direction")(before, after, isReplaced);
      if ((before.deny !== undefined || after.deny !== undefined) && JSON.stringify(before.deny ?? null) !== JSON.stringify(after.deny ?? null)) reasons.push("deny blocks cannot change in place");
      return reasons;
    },
  },
};
