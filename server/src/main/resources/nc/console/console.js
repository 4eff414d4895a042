// The nc web console: signs API requests in the browser exactly as JD Cloud's SDKs do
// (JDCLOUD2-HMAC-SHA256, docs/api/nc.md §2.1), with the key pair typed in at sign-in.
'use strict';

const UNRESERVED = /[A-Za-z0-9\-_.~]/;
const encoder = new TextEncoder();

/** Strict URI encoding: UTF-8 bytes, unreserved characters kept, every other byte %XY in upper case. */
function strictEncode(text) {
  let out = '';
  for (const byte of encoder.encode(text)) {
    const ch = String.fromCharCode(byte);
    out += byte < 128 && UNRESERVED.test(ch) ? ch : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), b => b.toString(16).padStart(2, '0')).join('');
}

async function sha256Hex(text) {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

async function hmac(key, text) {
  const raw = typeof key === 'string' ? encoder.encode(key) : key;
  const cryptoKey = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(text)));
}

/** yyyyMMddTHHmmssZ in UTC. */
function jdcloudDate(now) {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The headers of a signed request (docs/api/nc.md §2.1): canonical request, string to sign, key chain. */
async function signedHeaders(credentials, method, path, query, body, service, region) {
  const date = jdcloudDate(new Date());
  const nonce = crypto.randomUUID();
  const canonicalUri = path.split('/').map(strictEncode).join('/');
  const canonicalQuery = query
    .map(([name, value]) => [strictEncode(name), strictEncode(value)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([name, value]) => name + '=' + value)
    .join('&');
  const headers = {
    'content-type': 'application/json',
    host: location.host,
    'x-jdcloud-date': date,
    'x-jdcloud-nonce': nonce,
  };
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map(n => n + ':' + headers[n].trim().replace(/\s+/g, ' ') + '\n').join('');
  const canonicalRequest = [method, canonicalUri, canonicalQuery, canonicalHeaders, names.join(';'), await sha256Hex(body)].join('\n');
  const scope = date.substring(0, 8) + '/' + region + '/' + service + '/jdcloud2_request';
  const stringToSign = ['JDCLOUD2-HMAC-SHA256', date, scope, await sha256Hex(canonicalRequest)].join('\n');
  let key = await hmac('JDCLOUD2' + credentials.secretKey, date.substring(0, 8));
  key = await hmac(key, region);
  key = await hmac(key, service);
  key = await hmac(key, 'jdcloud2_request');
  const signature = hex(await hmac(key, stringToSign));
  return {
    'Content-Type': 'application/json',
    'x-jdcloud-date': date,
    'x-jdcloud-nonce': nonce,
    Authorization: 'JDCLOUD2-HMAC-SHA256 Credential=' + credentials.accessKey + '/' + scope
      + ', SignedHeaders=' + names.join(';') + ', Signature=' + signature,
  };
}

/** One signed call; resolves to the envelope's result, rejects with the envelope's error message. */
async function call(method, path, query = [], body = '', service = 'nc') {
  const session = JSON.parse(sessionStorage.getItem('nc.session'));
  const headers = await signedHeaders(session, method, path, query, body, service, session.region);
  const search = query.map(([n, v]) => encodeURIComponent(n) + '=' + encodeURIComponent(v)).join('&');
  const response = await fetch(path + (search ? '?' + search : ''), { method, headers, body: body || undefined });
  const envelope = await response.json();
  if (envelope.error) {
    throw new Error(envelope.error.status + ': ' + envelope.error.message);
  }
  return envelope.result || {};
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text || '';
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
}

/** A table row of plain text cells, plus an empty last cell for buttons when {@code buttons} is true. */
function tableRow(texts, buttons) {
  const row = document.createElement('tr');
  texts.forEach(t => cell(row, t === undefined || t === null ? '' : String(t)));
  if (buttons) {
    cell(row, '');
  }
  return row;
}

function fillTable(tableId, rows) {
  document.querySelector('#' + tableId + ' tbody').replaceChildren(...rows);
}

function regionPath(resource) {
  return '/v1/regions/' + session().region + '/' + resource;
}

/** Base64 of the UTF-8 bytes, as secrets carry their values. */
function base64(text) {
  return btoa(String.fromCharCode(...encoder.encode(text)));
}

function unbase64(text) {
  return text ? new TextDecoder().decode(Uint8Array.from(atob(text), c => c.charCodeAt(0))) : '';
}

async function showSecrets() {
  const error = document.getElementById('secrets-error');
  try {
    const result = await call('GET', regionPath('secrets'), [['pageSize', '100']]);
    fillTable('secret-table', result.secrets.map(s => {
      const row = tableRow([s.name, unbase64(s.data.server), unbase64(s.data.username), s.createdAt], true);
      row.dataset.secret = s.name;
      actionButton(row, 'Delete', async () => {
        try {
          await call('DELETE', regionPath('secrets/' + encodeURIComponent(s.name)));
        } catch (e) {
          error.textContent = e.message;
        }
        await showSecrets();
      });
      return row;
    }));
  } catch (e) {
    error.textContent = e.message;
  }
}

async function addSecret(event) {
  event.preventDefault();
  const form = event.target;
  const error = document.getElementById('secrets-error');
  error.textContent = '';
  const body = {
    name: form.name.value.trim(), secretType: 'docker-registry',
    data: { server: base64(form.server.value.trim()), username: base64(form.username.value), password: base64(form.password.value) },
  };
  try {
    await call('POST', regionPath('secrets'), [], JSON.stringify(body));
    form.reset();
  } catch (e) {
    error.textContent = e.message;
  }
  await Promise.all([showSecrets(), fillCreateForm()]);
}

async function showNetworks() {
  const list = [['pageSize', '100']];
  try {
    const [vpcs, subnets, groups, eips] = await Promise.all([
      call('GET', regionPath('vpcs/'), list, '', 'vpc'),
      call('GET', regionPath('subnets/'), list, '', 'vpc'),
      call('GET', regionPath('networkSecurityGroups/'), list, '', 'vpc'),
      call('GET', regionPath('elasticIps/'), list, '', 'vpc'),
    ]);
    fillTable('vpc-table', vpcs.vpcs.map(v => tableRow([v.vpcId, v.vpcName, v.addressPrefix, v.subnets.length, v.createdTime])));
    fillTable('subnet-table', subnets.subnets.map(n => tableRow([n.subnetId, n.subnetName, n.vpcId, n.addressPrefix, n.availableIpCount])));
    fillTable('group-table', groups.networkSecurityGroups.map(g => tableRow([g.networkSecurityGroupId, g.networkSecurityGroupName,
      g.vpcId, g.securityGroupRules.length, g.networkInterfaceIds.length])));
    fillTable('eip-table', eips.elasticIps.map(e => tableRow([e.elasticIpId, e.elasticIpAddress, e.bandwidthMbps, e.status, e.instanceId])));
  } catch (e) {
    document.getElementById('networks-error').textContent = e.message;
  }
}

const PAGES = { containers: showContainers, secrets: showSecrets, networks: showNetworks };

function showPage(name) {
  for (const page of document.querySelectorAll('section.page')) {
    page.hidden = page.id !== name;
  }
  return PAGES[name]();
}

const TRANSITIONAL = ['pending', 'starting', 'stopping', 'deleting'];
let refreshTimer = null;

function session() {
  return JSON.parse(sessionStorage.getItem('nc.session'));
}

function containersPath(id = '', action = '') {
  return '/v1/regions/' + session().region + '/containers' + (id ? '/' + id : '') + (action ? ':' + action : '');
}

function actionButton(row, label, handler) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.dataset.action = label.toLowerCase();
  button.addEventListener('click', handler);
  row.lastChild.appendChild(button);
}

async function act(id, method, action) {
  const error = document.getElementById('containers-error');
  error.textContent = '';
  try {
    await call(method, containersPath(id, action), [], method === 'POST' ? '{}' : '');
  } catch (e) {
    error.textContent = e.message;
  }
  await showContainers();
}

async function showLogs(id) {
  document.getElementById('logs').hidden = false;
  document.getElementById('logs-of').textContent = id;
  const text = document.getElementById('logs-text');
  try {
    const result = await call('GET', containersPath(id, 'getLogs'), [['tailLines', '100']]);
    text.textContent = result.logs || '';
  } catch (e) {
    text.textContent = e.message;
  }
}

/** The page of the container list shown; the list goes back to page 1 when its filter or page size changes. */
let pageNumber = 1;

function pageSize() {
  return Number(document.getElementById('page-size').value);
}

function turnPage(by) {
  pageNumber = Math.max(1, pageNumber + by);
  return showContainers();
}

function firstPage() {
  pageNumber = 1;
  return showContainers();
}

/** The pager under the list: which page of how many, and the buttons that lead off the ends disabled. */
function showPager(totalCount) {
  const pages = Math.max(1, Math.ceil(totalCount / pageSize()));
  document.getElementById('page-info').textContent = 'Page ' + pageNumber + ' of ' + pages;
  document.getElementById('page-prev').disabled = pageNumber <= 1;
  document.getElementById('page-next').disabled = pageNumber >= pages;
  document.getElementById('container-count').textContent = totalCount + ' container(s)';
  return pages;
}

/** Counts list requests: an answer that a later request overtook is dropped (it may be of another page). */
let listRequests = 0;

async function showContainers() {
  const error = document.getElementById('containers-error');
  clearTimeout(refreshTimer);
  const request = ++listRequests;
  const query = [['pageNumber', String(pageNumber)], ['pageSize', String(pageSize())]];
  const status = document.getElementById('status-filter').value;
  if (status) {
    query.push(['filters.1.name', 'status'], ['filters.1.values.1', status]);
  }
  try {
    const result = await call('GET', containersPath(), query);
    if (request !== listRequests) {
      return true;
    }
    const body = document.querySelector('#container-table tbody');
    body.replaceChildren();
    for (const c of result.containers) {
      const row = tableRow([c.containerId, c.name, c.status, c.image, c.privateIpAddress, c.elasticIpAddress, c.launchTime, c.reason], true);
      row.dataset.containerId = c.containerId;
      row.children[2].className = 'status status-' + c.status;
      if (c.status === 'running') {
        actionButton(row, 'Stop', () => act(c.containerId, 'POST', 'stopContainer'));
      }
      if (c.status === 'stopped') {
        actionButton(row, 'Start', () => act(c.containerId, 'POST', 'startContainer'));
      }
      if (['running', 'stopped', 'error'].includes(c.status)) {
        actionButton(row, 'Logs', () => showLogs(c.containerId));
        actionButton(row, 'Delete', () => act(c.containerId, 'DELETE', ''));
      }
      body.appendChild(row);
    }
    if (showPager(result.totalCount) < pageNumber) {
      // the last page emptied meanwhile (deletions): show the last one there is
      pageNumber = Math.max(1, Math.ceil(result.totalCount / pageSize()));
      return showContainers();
    }
    if (result.containers.some(c => TRANSITIONAL.includes(c.status))) {
      refreshTimer = setTimeout(showContainers, 1000);
    }
    return true;
  } catch (e) {
    error.textContent = e.message;
    return false;
  }
}

/** Fills a select with the items of a list call: value and text picked by the two functions. */
async function fill(select, path, service, listName, value, text, keepFirst) {
  const result = await call('GET', path, [['pageSize', '100']], '', service);
  select.replaceChildren(...(keepFirst ? [select.options[0]] : []));
  for (const item of result[listName]) {
    select.appendChild(new Option(text(item), value(item)));
  }
}

async function fillCreateForm() {
  const form = document.getElementById('create-form');
  const region = session().region;
  try {
    await Promise.all([
      fill(form.subnetId, '/v1/regions/' + region + '/subnets/', 'vpc', 'subnets',
        s => s.subnetId, s => s.subnetName + ' (' + s.addressPrefix + ', ' + s.subnetId + ')'),
      fill(form.securityGroup, '/v1/regions/' + region + '/networkSecurityGroups/', 'vpc', 'networkSecurityGroups',
        g => g.networkSecurityGroupId, g => g.networkSecurityGroupName + ' (' + g.networkSecurityGroupId + ')'),
      fill(form.secret, '/v1/regions/' + region + '/secrets', 'nc', 'secrets', s => s.name, s => s.name, true),
    ]);
  } catch (e) {
    document.getElementById('create-result').textContent = e.message;
  }
}

function words(text) {
  return text.trim() ? text.trim().split(/\s+/) : [];
}

async function create(event) {
  event.preventDefault();
  const form = event.target;
  const spec = {
    name: form.name.value.trim(),
    image: form.image.value.trim(),
    instanceType: form.instanceType.value.trim(),
    az: session().region + 'a',
    rootVolume: { category: 'cloud', cloudDiskSpec: { name: 'root', diskType: 'ssd', diskSizeGB: Number(form.rootSize.value) } },
    primaryNetworkInterface: { networkInterface: { subnetId: form.subnetId.value, securityGroups: [form.securityGroup.value] } },
  };
  if (form.secret.value) {
    spec.secret = form.secret.value;
  }
  if (words(form.command.value).length) {
    spec.command = words(form.command.value);
  }
  if (words(form.args.value).length) {
    spec.args = words(form.args.value);
  }
  const envs = Array.from(document.querySelectorAll('#env-rows .env-row'),
    row => ({ name: row.querySelector('[name=envName]').value.trim(), value: row.querySelector('[name=envValue]').value }))
    .filter(e => e.name || e.value);
  if (envs.length) {
    spec.envs = envs;
  }
  const disks = Array.from(document.querySelectorAll('#disk-rows .disk-row'), (row, i) => ({
    category: 'cloud', autoDelete: true,
    mountPath: row.querySelector('[name=diskPath]').value.trim(),
    fsType: row.querySelector('[name=diskFs]').value,
    cloudDiskSpec: { name: 'data' + (i + 1), diskType: 'ssd', diskSizeGB: Number(row.querySelector('[name=diskSize]').value) },
  }));
  if (disks.length) {
    spec.dataVolumes = disks;
  }
  const out = document.getElementById('create-result');
  out.className = '';
  try {
    const result = await call('POST', containersPath(), [], JSON.stringify({ containerSpec: spec, maxCount: 1 }));
    out.textContent = 'Created ' + result.containerIds.join(', ');
    document.getElementById('env-rows').querySelectorAll('.env-row').forEach(r => r.remove());
    document.getElementById('disk-rows').querySelectorAll('.disk-row').forEach(r => r.remove());
    await showContainers();
  } catch (e) {
    out.className = 'error';
    out.textContent = e.message;
  }
}

/** Adds a row of the template to the fieldset; its Remove button takes it away again. */
function addRow(fieldsetId, templateId) {
  const row = document.getElementById(templateId).content.firstElementChild.cloneNode(true);
  row.querySelector('[data-action=remove]').addEventListener('click', () => row.remove());
  document.getElementById(fieldsetId).appendChild(row);
  return row;
}

function show(signedIn) {
  const session = JSON.parse(sessionStorage.getItem('nc.session') || 'null');
  document.getElementById('sign-in').hidden = signedIn;
  document.getElementById('nav').hidden = !signedIn;
  for (const page of document.querySelectorAll('section.page')) {
    page.hidden = !signedIn || page.id !== 'containers';
  }
  document.getElementById('sign-out').hidden = !signedIn;
  document.getElementById('who').textContent = signedIn ? session.accessKey + ' · ' + session.region : '';
}

async function signIn(event) {
  event.preventDefault();
  const form = event.target;
  sessionStorage.setItem('nc.session', JSON.stringify({
    accessKey: form.accessKey.value.trim(), secretKey: form.secretKey.value.trim(), region: form.region.value,
  }));
  const error = document.getElementById('sign-in-error');
  error.textContent = '';
  try {
    await call('GET', '/v1/regions/' + form.region.value + '/quotas', [['resourceType', 'container']]);
  } catch (e) {
    sessionStorage.removeItem('nc.session');
    error.textContent = 'Sign-in refused: ' + e.message;
    return;
  }
  form.secretKey.value = '';
  show(true);
  await Promise.all([showContainers(), fillCreateForm()]);
}

async function start() {
  const info = await (await fetch('/_nc/info')).json();
  const select = document.getElementById('region');
  for (const region of info.regions) {
    select.appendChild(new Option(region, region));
  }
  document.getElementById('sign-in-form').addEventListener('submit', signIn);
  document.getElementById('refresh').addEventListener('click', showContainers);
  document.getElementById('status-filter').addEventListener('change', firstPage);
  document.getElementById('page-size').addEventListener('change', firstPage);
  document.getElementById('page-prev').addEventListener('click', () => turnPage(-1));
  document.getElementById('page-next').addEventListener('click', () => turnPage(1));
  document.getElementById('add-env').addEventListener('click', () => addRow('env-rows', 'env-row'));
  document.getElementById('add-disk').addEventListener('click', () => addRow('disk-rows', 'disk-row'));
  document.getElementById('secret-form').addEventListener('submit', addSecret);
  for (const button of document.querySelectorAll('#nav button')) {
    button.addEventListener('click', () => showPage(button.dataset.page));
  }
  document.getElementById('create-form').addEventListener('submit', create);
  document.getElementById('logs-refresh').addEventListener('click',
    () => showLogs(document.getElementById('logs-of').textContent));
  document.getElementById('logs-close').addEventListener('click', () => { document.getElementById('logs').hidden = true; });
  document.getElementById('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem('nc.session');
    show(false);
  });
  if (sessionStorage.getItem('nc.session')) {
    show(true);
    await Promise.all([showContainers(), fillCreateForm()]);
  } else {
    show(false);
  }
}

start();
