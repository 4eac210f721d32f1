// Every explainer's module by its name (yibao/widgets/js/<name>.js): the fronts without a widget
// manager (the static site's loader.js, the app's app.js) mount them from here.
import * as balance from "../balance.js";
import * as channels from "../channels.js";
import * as claims from "../claims.js";
import * as comparison from "../comparison.js";
import * as credit from "../credit.js";
import * as family from "../family.js";
import * as family_options from "../family_options.js";
import * as finder from "../finder.js";
import * as language from "../language.js";
import * as non_payable from "../non_payable.js";
import * as triage from "../triage.js";
import * as withdrawal from "../withdrawal.js";
import * as year from "../year.js";

/** Every explainer by the name of its module (yibao/widgets/js/<name>.js). */
export const EXPLAINERS = { balance, channels, claims, comparison, credit, family, family_options, finder, language, non_payable, triage, withdrawal, year };
