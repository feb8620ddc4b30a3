/**
 * The AI inventory as a CycloneDX 1.6 JSON BOM, built with the official `@cyclonedx/cyclonedx-library`:
 * models as `machine-learning-model` components (Hub models with a `pkg:huggingface` purl, local model files
 * with their SHA-256), datasets as `data` components, AI SDKs and frameworks as `framework`/`library`
 * components, AI APIs, runtimes and agent tools as services, and AI-related packages as `library` components
 * with their purls. AISec's facts (pinned or not, the scanner's verdict, the licence policy's verdict) are
 * `aisec:` properties.
 *
 * The library (10.x) models neither `evidence.occurrences` nor `modelCard`, both part of CycloneDX 1.6: they
 * are added to the library's normalised JSON by bom-ref, and the test validates the result against the 1.6
 * schema with the library's validator.
 */
// Sub-path imports: the package's root also loads its optional XML plugins, which are not installed.
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import * as LicenseContrib from '@cyclonedx/cyclonedx-library/Contrib/License';
import { PackageURL } from 'packageurl-js';
import parseSpdx from 'spdx-expression-parse';
import type { InventoryItem } from '../../rules/shared/inventory/group';
import { spdxExpressionOf } from '../../rules/shared/inventory/licence-names';
import type { InventoryLicence } from '../../rules/shared/inventory/types';
import { judgeLicence, type LicencePolicy } from '../../rules/licence/policy';

export interface CycloneDxOptions {
  /** The project's name (the scanned folder's). */
  projectName: string;
  projectLicence?: InventoryLicence;
  toolVersion: string;
  serialNumber: string;
  timestamp: Date;
  /** The licence policy, when configured: each licence gets its verdict as a property. */
  policy?: LicencePolicy;
}

const licenceFactory = new LicenseContrib.Factories.LicenseFactory((expression: string) => {
  parseSpdx(expression);
});

/** The BOM as JSON text. */
export function toCycloneDx(items: readonly InventoryItem[], options: CycloneDxOptions): string {
  const bom = new Models.Bom();
  bom.serialNumber = options.serialNumber;
  bom.metadata.timestamp = options.timestamp;
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, 'aisec', { version: options.toolVersion, description: 'AISec AI bill of materials' }));
  const project = new Models.Component(Enums.ComponentType.Application, options.projectName, { bomRef: 'project' });
  addLicence(project.licenses, project.properties, options.projectLicence, undefined);
  bom.metadata.component = project;
  const extras = new Map<string, { occurrences: InventoryItem['occurrences']; modelCard?: Record<string, unknown> }>();
  for (const item of items) {
    const built = componentOrService(item, options.policy);
    if (built instanceof Models.Service) bom.services.add(built);
    else {
      bom.components.add(built);
      project.dependencies.add(built.bomRef);
      extras.set(item.key, { occurrences: item.occurrences, ...(item.task ? { modelCard: { modelParameters: { task: item.task } } } : {}) });
    }
  }
  const normalized = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6).makeForBom().normalize(bom, { sortLists: true }) as unknown as { components?: Array<Record<string, unknown>> };
  for (const component of normalized.components ?? []) {
    const extra = extras.get(String(component['bom-ref']));
    if (!extra) continue;
    component.evidence = {
      ...(component.evidence as object | undefined),
      occurrences: extra.occurrences.map((o) => ({ location: o.location.path, line: o.location.line, offset: o.location.column, additionalContext: o.evidence })),
    };
    if (extra.modelCard) component.modelCard = extra.modelCard;
  }
  return `${JSON.stringify(normalized, null, 2)}\n`;
}

function componentOrService(item: InventoryItem, policy: LicencePolicy | undefined): Models.Component | Models.Service {
  const properties = new Models.PropertyRepository();
  const add = (name: string, value: string | number | boolean | undefined): void => {
    if (value !== undefined) properties.add(new Models.Property(`aisec:${name}`, String(value)));
  };
  add('kind', item.kind);
  switch (item.kind) {
    case 'service':
    case 'tool':
    case 'mcp-server': {
      add('service-kind', item.serviceKind);
      add('framework', item.framework);
      add('launch', item.launch);
      add('pinned', item.pinned);
      if (item.kind === 'service' && (item.serviceKind === 'framework' || item.serviceKind === 'library')) {
        // An SDK or framework is software the project runs, not a service it calls.
        return new Models.Component(item.serviceKind === 'framework' ? Enums.ComponentType.Framework : Enums.ComponentType.Library, item.name, { bomRef: item.key, properties });
      }
      for (const o of item.occurrences) add('occurrence', `${o.location.path}:${o.location.line}:${o.location.column} ${o.evidence}`);
      return new Models.Service(item.name, { bomRef: item.key, properties });
    }
    case 'model':
    case 'dataset': {
      add('provider', item.provider);
      add('revision', item.revision);
      add('pinned', item.pinned);
      add('task', item.task);
      const hub = item.provider === 'huggingface';
      const component = new Models.Component(item.kind === 'model' ? Enums.ComponentType.MachineLearningModel : Enums.ComponentType.Data, item.name, {
        bomRef: item.key,
        properties,
        ...(item.pinned && item.revision ? { version: item.revision } : {}),
        ...(hub && item.kind === 'model' ? { purl: huggingFacePurl(item.name, item.pinned ? item.revision : undefined) } : {}),
      });
      if (hub) component.externalReferences.add(new Models.ExternalReference(`https://huggingface.co/${item.kind === 'dataset' ? 'datasets/' : ''}${item.name}`, Enums.ExternalReferenceType.Distribution));
      addLicence(component.licenses, properties, item.licence, policy);
      return component;
    }
    case 'model-file': {
      add('format', item.format);
      add('verdict', item.verdict);
      add('verdict-summary', item.verdictSummary);
      add('file-size', item.fileSize);
      if (!item.sha256) add('sha256', 'not computed: the file is larger than max-model-file-size');
      const component = new Models.Component(Enums.ComponentType.MachineLearningModel, item.name, { bomRef: item.key, properties, description: item.formatLabel });
      if (item.sha256) component.hashes.set(Enums.HashAlgorithm['SHA-256'], item.sha256);
      addLicence(component.licenses, properties, item.licence, policy);
      return component;
    }
    case 'dependency': {
      add('ecosystem', item.ecosystem);
      add('version-spec', item.exactVersion ? undefined : item.version);
      const version = item.exactVersion ? item.version : undefined;
      const component = new Models.Component(Enums.ComponentType.Library, item.name, { bomRef: item.key, properties, ...(version ? { version } : {}), ...(item.ecosystem !== 'conda' ? { purl: packagePurl(item.ecosystem ?? 'pypi', item.name, version) } : {}) });
      addLicence(component.licenses, properties, item.licence, policy);
      return component;
    }
  }
}

/** The licence as SPDX (an id, an expression or a named licence) and, under a policy, its verdict. */
function addLicence(licences: Models.LicenseRepository, properties: Models.PropertyRepository, licence: InventoryLicence | undefined, policy: LicencePolicy | undefined): void {
  if (!licence) {
    if (policy) properties.add(new Models.Property('aisec:licence-policy', 'unknown'));
    return;
  }
  const expression = spdxExpressionOf(licence.text);
  properties.add(new Models.Property('aisec:licence-source', licence.source));
  if (expression) licences.add(expression.includes(' ') ? licenceFactory.makeExpression(expression) : licenceFactory.makeDisjunctive(expression));
  else properties.add(new Models.Property('aisec:licence-as-written', licence.text));
  if (policy) properties.add(new Models.Property('aisec:licence-policy', judgeLicence(licence.text, policy).status));
}

/** `pkg:huggingface/<namespace>/<name>@<commit>` (the purl spec's type for Hub models; the version is a commit, lower case). */
function huggingFacePurl(id: string, revision: string | undefined): string {
  const slash = id.indexOf('/');
  const namespace = slash > 0 ? id.slice(0, slash) : undefined;
  const name = slash > 0 ? id.slice(slash + 1) : id;
  return new PackageURL('huggingface', namespace, name, revision?.toLowerCase(), undefined, undefined).toString();
}

function packagePurl(ecosystem: 'pypi' | 'npm', name: string, version: string | undefined): string {
  if (ecosystem === 'npm' && name.startsWith('@')) {
    const [scope, bare] = name.split('/', 2);
    return new PackageURL('npm', scope, bare ?? '', version, undefined, undefined).toString();
  }
  const normalised = ecosystem === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
  return new PackageURL(ecosystem, undefined, normalised, version, undefined, undefined).toString();
}
