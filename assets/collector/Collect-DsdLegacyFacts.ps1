#Requires -Version 2.0
<#
.SYNOPSIS
    DirSync Doctor legacy collector: reads this sync server's facts into one JSON file.

.DESCRIPTION
    For servers the app cannot run on (Windows Server 2008 R2 to 2012 R2, PowerShell 2.0 and
    later). Read-only: it changes nothing on this server, loads no module and writes nothing but
    the file named by -OutFile (an existing file is never overwritten). Take that file to a
    computer where DirSync Doctor runs and open it there ("Open a collected file"); the app
    diagnoses this server from it with the same playbooks.

    It reads: Windows and its domain, the sync tool's uninstall entry, the sync services and the
    accounts they log on as (domain accounts from Active Directory, local ones from this server),
    installed programs, TLS 1.2 registry values, the .NET Framework 4 release, AD FS, the sync
    engine's run history (its WMI provider, where the build has one), recent sync and service
    events, and the number of objects in the domain that a sync tool would read. What it cannot
    read is listed in the file's "notes", never guessed silently. No password or key is read.

.EXAMPLE
    powershell.exe -ExecutionPolicy Bypass -File .\Collect-DsdLegacyFacts.ps1 -OutFile .\sync-facts.json
#>
param(
    [Parameter(Mandatory = $true)]
    [string]$OutFile,
    # Days of events and run history to read.
    [int]$Days = 7
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$CollectorVersion = '1.0'
# A relative -OutFile means the PowerShell location, not the process's working folder.
$OutFile = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)
$Now = [DateTime]::UtcNow
$Notes = New-Object System.Collections.ArrayList
$Invariant = [System.Globalization.CultureInfo]::InvariantCulture

function Add-DsdNote {
    param([string]$Text)
    $null = $Notes.Add($Text)
}

# ---- JSON, written by hand (PowerShell 2.0 has no ConvertTo-Json) --------------------------------

function ConvertTo-DsdJsonString {
    param([string]$Text)
    $builder = New-Object System.Text.StringBuilder
    $null = $builder.Append('"')
    foreach ($c in $Text.ToCharArray()) {
        $code = [int]$c
        if ($c -eq '"') { $null = $builder.Append('\"') }
        elseif ($c -eq '\') { $null = $builder.Append('\\') }
        elseif ($code -eq 10) { $null = $builder.Append('\n') }
        elseif ($code -eq 13) { $null = $builder.Append('\r') }
        elseif ($code -eq 9) { $null = $builder.Append('\t') }
        elseif ($code -lt 32 -or ($code -ge 0xD800 -and $code -le 0xDFFF) -or $code -eq 0x2028 -or $code -eq 0x2029) {
            $null = $builder.Append('\u' + $code.ToString('x4', $Invariant))
        }
        else { $null = $builder.Append($c) }
    }
    $null = $builder.Append('"')
    return $builder.ToString()
}

function ConvertTo-DsdJson {
    param($Value, [string]$Indent = '')
    $inner = $Indent + '  '
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [bool]) { if ($Value) { return 'true' } else { return 'false' } }
    if ($Value -is [int] -or $Value -is [long] -or $Value -is [double] -or $Value -is [decimal]) {
        return ([double]$Value).ToString('R', $Invariant)
    }
    if ($Value -is [string]) { return (ConvertTo-DsdJsonString -Text $Value) }
    if ($Value -is [System.Collections.IDictionary]) {
        if ($Value.Count -eq 0) { return '{}' }
        $parts = New-Object System.Collections.ArrayList
        foreach ($key in $Value.Keys) {
            $null = $parts.Add($inner + (ConvertTo-DsdJsonString -Text ([string]$key)) + ': ' + (ConvertTo-DsdJson -Value $Value[$key] -Indent $inner))
        }
        return "{`n" + [string]::Join(",`n", [string[]]$parts.ToArray()) + "`n" + $Indent + '}'
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        $parts = New-Object System.Collections.ArrayList
        foreach ($item in $Value) { $null = $parts.Add($inner + (ConvertTo-DsdJson -Value $item -Indent $inner)) }
        if ($parts.Count -eq 0) { return '[]' }
        return "[`n" + [string]::Join(",`n", [string[]]$parts.ToArray()) + "`n" + $Indent + ']'
    }
    return (ConvertTo-DsdJsonString -Text ([string]$Value))
}

function New-DsdObject {
    return (New-Object System.Collections.Specialized.OrderedDictionary)
}

# ---- small readers ----------------------------------------------------------------------------------

function Get-DsdRegistryValue {
    param([string]$Path, [string]$Name)
    try {
        $item = Get-ItemProperty -Path $Path -Name $Name -ErrorAction Stop
        return $item.$Name
    } catch {
        return $null
    }
}

function Get-DsdDword {
    param([string]$Path, [string]$Name)
    $value = Get-DsdRegistryValue -Path $Path -Name $Name
    if ($null -eq $value) { return $null }
    return [int]$value
}

function Get-DsdMinutesAgo {
    param([DateTime]$WhenUtc)
    $minutes = [Math]::Round(($Now - $WhenUtc).TotalMinutes, 1)
    if ($minutes -lt 0) { return 0 }
    return $minutes
}

function Limit-DsdText {
    param([string]$Text, [int]$Max)
    if ($null -eq $Text) { return '' }
    if ($Text.Length -le $Max) { return $Text }
    return $Text.Substring(0, $Max)
}

# ---- Windows ----------------------------------------------------------------------------------------

$osInfo = Get-WmiObject -Class Win32_OperatingSystem
$computer = Get-WmiObject -Class Win32_ComputerSystem
$computerName = [string]$computer.Name
$is64Bit = $false
try { $is64Bit = ([string]$osInfo.OSArchitecture) -like '*64*' } catch { $is64Bit = ([IntPtr]::Size -eq 8) }
$domain = $null
if ($computer.PartOfDomain) { $domain = ([string]$computer.Domain).ToLowerInvariant() }
$principal = New-Object System.Security.Principal.WindowsPrincipal([System.Security.Principal.WindowsIdentity]::GetCurrent())
$isElevated = $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
if (-not $isElevated) { Add-DsdNote 'Not run as administrator: some facts (run history, some registry keys) may be missing.' }

# The NetBIOS domain name: from the domain's Partitions container, else the first DNS label.
$netbios = $null
$rootDse = $null
$defaultContext = $null
if ($null -ne $domain) {
    try {
        $rootDse = [ADSI]'LDAP://RootDSE'
        $defaultContext = [string]$rootDse.defaultNamingContext
        $partitions = New-Object System.DirectoryServices.DirectorySearcher
        $partitions.SearchRoot = [ADSI]('LDAP://CN=Partitions,' + [string]$rootDse.configurationNamingContext)
        $partitions.Filter = '(&(objectClass=crossRef)(nCName=' + $defaultContext + '))'
        $null = $partitions.PropertiesToLoad.Add('nETBIOSName')
        $found = $partitions.FindOne()
        if ($null -ne $found) { $netbios = [string]$found.Properties['netbiosname'][0] }
    } catch {
        Add-DsdNote ('Active Directory could not be read: ' + $_.Exception.Message)
    }
}
if (-not $netbios) {
    if ($null -ne $domain) { $netbios = $domain.Split('.')[0] } else { $netbios = $computerName }
    Add-DsdNote 'The NetBIOS domain name was not read from Active Directory; it is taken from the DNS name.'
}
$netbios = ($netbios.ToUpperInvariant() -replace '[^A-Z0-9-]', '')
if ($netbios.Length -gt 15) { $netbios = $netbios.Substring(0, 15) }
if ($netbios.Length -eq 0) { $netbios = 'WORKGROUP' }

$os = New-DsdObject
$os['computerName'] = $computerName
$os['domain'] = $domain
$os['caption'] = ([string]$osInfo.Caption).Trim()
$os['version'] = [string]$osInfo.Version
$os['is64Bit'] = $is64Bit
$os['isServer'] = ([int]$osInfo.ProductType -ne 1)
$os['isElevated'] = $isElevated
$os['netbiosDomain'] = $netbios

# ---- installed programs and the sync tool ---------------------------------------------------------

$uninstallRoots = @(@{ Path = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'; View = '64' })
if ($is64Bit) { $uninstallRoots += @{ Path = 'HKLM:\SOFTWARE\Wow6432Node\Microsoft\Windows\CurrentVersion\Uninstall'; View = '32' } }
else { $uninstallRoots[0].View = '32' }

$programs = New-Object System.Collections.ArrayList
foreach ($root in $uninstallRoots) {
    if (-not (Test-Path -Path $root.Path)) { continue }
    foreach ($key in @(Get-ChildItem -Path $root.Path)) {
        $entry = Get-ItemProperty -Path $key.PSPath
        $names = @($entry.PSObject.Properties | ForEach-Object { $_.Name })
        if (-not ($names -contains 'DisplayName') -or -not $entry.DisplayName) { continue }
        $code = $null
        if ($key.PSChildName -match '^\{[0-9A-Fa-f-]{36}\}$') { $code = $key.PSChildName }
        $program = New-DsdObject
        $program['displayName'] = [string]$entry.DisplayName
        $program['version'] = $null
        if ($names -contains 'DisplayVersion') { $program['version'] = [string]$entry.DisplayVersion }
        $program['publisher'] = $null
        if ($names -contains 'Publisher') { $program['publisher'] = [string]$entry.Publisher }
        $program['productCode'] = $code
        $program['uninstallString'] = $null
        if ($names -contains 'UninstallString') { $program['uninstallString'] = [string]$entry.UninstallString }
        $program['registryView'] = $root.View
        $program['installLocation'] = $null
        if ($names -contains 'InstallLocation') { $program['installLocation'] = [string]$entry.InstallLocation }
        $program['windowsInstaller'] = (($names -contains 'WindowsInstaller') -and ([int]$entry.WindowsInstaller -eq 1))
        if ($programs.Count -lt 400) { $null = $programs.Add($program) }
    }
}
if ($programs.Count -ge 400) { Add-DsdNote 'More than 400 installed programs: only the first 400 are in this file.' }

# Newest generation first, as the app decides: a half-finished upgrade leaves both entries.
$toolNames = @(
    @{ Generation = 'entra-connect'; Names = @('Microsoft Entra Connect', 'Microsoft Azure AD Connect', 'Azure AD Connect') },
    @{ Generation = 'aadsync'; Names = @('Microsoft Azure Active Directory Sync', 'Azure Active Directory Sync', 'Microsoft Azure AD Sync') },
    @{ Generation = 'dirsync'; Names = @('Windows Azure Active Directory Sync tool', 'Microsoft Online Services Directory Synchronization') }
)
$tool = $null
foreach ($candidate in $toolNames) {
    if ($null -ne $tool) { break }
    foreach ($program in $programs) {
        if ($null -ne $tool) { break }
        foreach ($name in $candidate.Names) {
            if (([string]$program['displayName']).StartsWith($name, [StringComparison]::OrdinalIgnoreCase)) {
                $tool = New-DsdObject
                $tool['generation'] = $candidate.Generation
                $tool['displayName'] = $program['displayName']
                $tool['version'] = $program['version']
                if (-not $tool['version']) { $tool['version'] = 'unknown'; Add-DsdNote 'The sync tool has no DisplayVersion in its uninstall entry.' }
                $tool['publisher'] = $program['publisher']
                if (-not $tool['publisher']) { $tool['publisher'] = 'Microsoft Corporation' }
                $tool['productCode'] = $program['productCode']
                if (-not $tool['productCode']) {
                    $tool['productCode'] = '{00000000-0000-0000-0000-000000000000}'
                    Add-DsdNote 'The sync tool''s uninstall entry is not a Windows Installer product code; the file carries a zero code, so an msiexec command shown for it is not valid.'
                }
                $tool['bitness'] = $program['registryView']
                break
            }
        }
    }
}

# ---- services and their logon accounts ------------------------------------------------------------

$serviceNames = @('FIMSynchronizationService', 'MSOnlineSyncScheduler', 'ADSync', 'AzureADConnectHealthSyncMonitor', 'AzureADConnectHealthSyncInsights', 'ADSyncScheduler')
$services = New-Object System.Collections.ArrayList
$domainLogons = New-Object System.Collections.ArrayList
$localLogons = New-Object System.Collections.ArrayList
foreach ($serviceName in $serviceNames) {
    $svc = Get-WmiObject -Class Win32_Service -Filter ("Name='" + $serviceName + "'")
    if ($null -eq $svc) { continue }
    $entry = New-DsdObject
    $entry['name'] = [string]$svc.Name
    $entry['displayName'] = [string]$svc.DisplayName
    if ([string]$svc.State -eq 'Running' -or [string]$svc.State -eq 'Start Pending') { $entry['state'] = 'running' } else { $entry['state'] = 'stopped' }
    $mode = [string]$svc.StartMode
    $delayed = Get-DsdDword -Path ('HKLM:\SYSTEM\CurrentControlSet\Services\' + $serviceName) -Name 'DelayedAutostart'
    if ($mode -eq 'Auto' -and $delayed -eq 1) { $entry['startType'] = 'automatic-delayed' }
    elseif ($mode -eq 'Auto') { $entry['startType'] = 'automatic' }
    elseif ($mode -eq 'Disabled') { $entry['startType'] = 'disabled' }
    else { $entry['startType'] = 'manual' }

    $account = [string]$svc.StartName
    $logon = New-DsdObject
    $user = $null
    $prefix = $null
    if ($account.Contains('\')) { $prefix = $account.Split('\')[0]; $user = $account.Split('\')[1] }
    elseif ($account.Contains('@')) { $user = $account.Split('@')[0]; $prefix = $netbios }
    # LocalSystem, NT AUTHORITY\..., virtual accounts and managed service accounts (name$) have no password.
    if ($null -eq $user -or $account -eq 'LocalSystem' -or $prefix -eq 'NT AUTHORITY' -or $prefix -eq 'NT SERVICE' -or $user.EndsWith('$')) {
        $logon['kind'] = 'builtin'
        $logon['account'] = $account
    } elseif ($prefix -eq '.' -or $prefix -eq $computerName) {
        $logon['kind'] = 'local'
        $logon['name'] = $user
        $logon['password'] = 'current'
        if (-not ($localLogons -contains $user)) { $null = $localLogons.Add($user) }
    } else {
        $logon['kind'] = 'domain'
        $logon['sAMAccountName'] = $user
        $logon['password'] = 'current'
        if (-not ($domainLogons -contains $user)) { $null = $domainLogons.Add($user) }
    }
    $entry['logon'] = $logon
    $null = $services.Add($entry)
}
if ($services.Count -gt 0) { Add-DsdNote 'Whether a service still holds its account''s current password cannot be read; the file says "current".' }

# Local accounts the services log on as (DirSync's AAD_...).
$localAccounts = New-Object System.Collections.ArrayList
foreach ($name in $localLogons) {
    $local = Get-WmiObject -Class Win32_UserAccount -Filter ("LocalAccount=True AND Name='" + ($name -replace "'", "''") + "'")
    $entry = New-DsdObject
    $entry['name'] = $name
    if ($null -eq $local) {
        Add-DsdNote ('The local account ' + $name + ' a sync service logs on as was not found.')
        $entry['enabled'] = $false
    } else {
        $entry['fullName'] = [string]$local.FullName
        $entry['enabled'] = -not [bool]$local.Disabled
        $entry['passwordNeverExpires'] = -not [bool]$local.PasswordExpires
        $entry['lockedOut'] = [bool]$local.Lockout
        try {
            $winnt = [ADSI]('WinNT://' + $computerName + '/' + $name + ',user')
            $entry['passwordExpired'] = ([int]$winnt.PasswordExpired.Value -eq 1)
        } catch { $entry['passwordExpired'] = $false }
    }
    $null = $localAccounts.Add($entry)
}

# Domain accounts: the services' logons and the sync tool's MSOL_ accounts, read from AD.
$accounts = New-Object System.Collections.ArrayList
$syncScopeObjects = $null
if ($null -ne $defaultContext) {
    try {
        $clauses = '(sAMAccountName=MSOL_*)'
        foreach ($name in $domainLogons) {
            $escaped = $name -replace '\\', '\5c' -replace '\*', '\2a' -replace '\(', '\28' -replace '\)', '\29'
            $clauses += '(sAMAccountName=' + $escaped + ')'
        }
        $searcher = New-Object System.DirectoryServices.DirectorySearcher
        $searcher.SearchRoot = [ADSI]('LDAP://' + $defaultContext)
        $searcher.Filter = '(&(objectCategory=person)(objectClass=user)(|' + $clauses + '))'
        $searcher.PageSize = 200
        foreach ($property in @('sAMAccountName', 'displayName', 'distinguishedName', 'userAccountControl', 'lockoutTime', 'pwdLastSet')) {
            $null = $searcher.PropertiesToLoad.Add($property)
        }
        foreach ($result in $searcher.FindAll()) {
            $p = $result.Properties
            $dn = [string]$p['distinguishedname'][0]
            $uac = [int]$p['useraccountcontrol'][0]
            $entry = New-DsdObject
            $entry['sAMAccountName'] = [string]$p['samaccountname'][0]
            if ($p['displayname'].Count -gt 0) { $entry['displayName'] = [string]$p['displayname'][0] }
            # The container, relative to the domain: the DN less its own name and the domain part.
            $parent = $dn.Substring($dn.IndexOf(',') + 1)
            if ($parent.EndsWith(',' + $defaultContext, [StringComparison]::OrdinalIgnoreCase)) {
                $parent = $parent.Substring(0, $parent.Length - $defaultContext.Length - 1)
            }
            $entry['container'] = $parent
            $state = 'enabled'
            if (($uac -band 2) -ne 0) { $state = 'disabled' }
            elseif ($p['lockouttime'].Count -gt 0 -and [long]$p['lockouttime'][0] -gt 0) { $state = 'locked' }
            elseif ($p['pwdlastset'].Count -gt 0 -and [long]$p['pwdlastset'][0] -eq 0) { $state = 'password-expired' }
            $entry['state'] = $state
            $entry['passwordNeverExpires'] = (($uac -band 0x10000) -ne 0)
            $null = $accounts.Add($entry)
        }
        # Objects a sync tool reads: users, groups and contacts in the whole domain (its default scope).
        $counter = New-Object System.DirectoryServices.DirectorySearcher
        $counter.SearchRoot = [ADSI]('LDAP://' + $defaultContext)
        $counter.Filter = '(|(&(objectCategory=person)(objectClass=user))(objectCategory=group)(objectClass=contact))'
        $counter.PageSize = 1000
        $null = $counter.PropertiesToLoad.Add('objectClass')
        $syncScopeObjects = 0
        foreach ($result in $counter.FindAll()) { $syncScopeObjects++ }
        Add-DsdNote 'Objects in sync scope are counted for the whole domain; an OU filter on the sync tool would count fewer.'
    } catch {
        Add-DsdNote ('Accounts could not be read from Active Directory: ' + $_.Exception.Message)
    }
}
foreach ($name in $domainLogons) {
    $known = $false
    foreach ($a in $accounts) { if ([string]$a['sAMAccountName'] -eq $name) { $known = $true } }
    if (-not $known) {
        $entry = New-DsdObject
        $entry['sAMAccountName'] = $name
        $entry['state'] = 'deleted'
        $null = $accounts.Add($entry)
        Add-DsdNote ('The domain account ' + $name + ' a sync service logs on as was not found in Active Directory.')
    }
}

# ---- events ---------------------------------------------------------------------------------------

$eventSources = @('Directory Synchronization', 'ADSync', 'FIMSynchronizationService', 'Service Control Manager', 'MSOnlineSyncScheduler', 'AzureActiveDirectorySyncScheduler')
$since = [DateTime]::Now.AddDays(-$Days)
$events = New-Object System.Collections.ArrayList
foreach ($log in @('Application', 'System')) {
    try {
        $records = @(Get-EventLog -LogName $log -After $since -Newest 2000 -ErrorAction Stop)
    } catch {
        Add-DsdNote ('The ' + $log + ' event log could not be read: ' + $_.Exception.Message)
        continue
    }
    foreach ($record in $records) {
        if (-not ($eventSources -contains [string]$record.Source)) { continue }
        if ([string]$record.Source -eq 'Service Control Manager' -and -not ($record.Message -match 'Sync|FIM|ADSync|MSOnline')) { continue }
        if ($events.Count -ge 200) { break }
        $entry = New-DsdObject
        $entry['log'] = $log
        $entry['source'] = [string]$record.Source
        $entry['id'] = [int]($record.InstanceId -band 0xFFFF)
        switch ([string]$record.EntryType) {
            'Error' { $entry['level'] = 'error' }
            'Warning' { $entry['level'] = 'warning' }
            default { $entry['level'] = 'information' }
        }
        $entry['minutesAgo'] = Get-DsdMinutesAgo -WhenUtc $record.TimeGenerated.ToUniversalTime()
        $entry['message'] = Limit-DsdText -Text ([string]$record.Message) -Max 1000
        $null = $events.Add($entry)
    }
}
if ($events.Count -ge 200) { Add-DsdNote 'More than 200 sync events: only the newest 200 are in this file.' }

# ---- the sync engine: run history and runs in progress (MIIS WMI, where the build has it) ----------

$history = New-Object System.Collections.ArrayList
$runInProgress = $false
try {
    $sinceText = $Now.AddDays(-$Days).ToString('yyyy-MM-dd HH:mm:ss.fff', $Invariant)
    $runs = @(Get-WmiObject -Namespace 'root\MicrosoftIdentityIntegrationServer' -Query ("SELECT * FROM MIIS_RunHistory WHERE RunStartTime > '" + $sinceText + "'") -ErrorAction Stop |
        Sort-Object -Property RunStartTime)
    foreach ($run in $runs) {
        if ([string]$run.RunStatus -eq 'in-progress') { $runInProgress = $true; continue }
        $start = [DateTime]::SpecifyKind([DateTime]::Parse([string]$run.RunStartTime, $Invariant), [DateTimeKind]::Utc)
        $entry = New-DsdObject
        $entry['connector'] = [string]$run.MaName
        $entry['profile'] = [string]$run.RunProfile
        $entry['result'] = [string]$run.RunStatus
        $entry['minutesAgo'] = Get-DsdMinutesAgo -WhenUtc $start
        $duration = 0
        if ([string]$run.RunEndTime) {
            $end = [DateTime]::SpecifyKind([DateTime]::Parse([string]$run.RunEndTime, $Invariant), [DateTimeKind]::Utc)
            $duration = [Math]::Round(($end - $start).TotalMinutes, 1)
            if ($duration -lt 0) { $duration = 0 }
        }
        $entry['durationMinutes'] = $duration
        $null = $history.Add($entry)
    }
    while ($history.Count -gt 60) { $history.RemoveAt(0) }
} catch {
    Add-DsdNote ('The sync engine''s run history could not be read over WMI (Connect builds without that provider need the ADSync module, which this collector does not load): ' + $_.Exception.Message)
}

$sync = New-DsdObject
$sync['runInProgress'] = $runInProgress
# DirSync's scheduler is its own service; Connect keeps the scheduler in its database (no module here).
$schedulerEnabled = $null
foreach ($svc in $services) {
    if ([string]$svc['name'] -eq 'MSOnlineSyncScheduler') { $schedulerEnabled = ([string]$svc['startType'] -ne 'disabled') }
}
if ($null -eq $schedulerEnabled -and $null -ne $tool) { Add-DsdNote 'The scheduler''s setting is kept in the sync database on this build and was not read.' }
$sync['schedulerEnabled'] = $schedulerEnabled
$sync['history'] = $history
$scheduler = New-DsdObject
$scheduler['available'] = ($null -ne $tool -and [string]$tool['generation'] -eq 'entra-connect')
$sync['scheduler'] = $scheduler

# ---- TLS 1.2, .NET, AD FS, the Entra endpoint --------------------------------------------------------

function New-DsdNetTls {
    param([string]$Path)
    $entry = New-DsdObject
    $entry['schUseStrongCrypto'] = Get-DsdDword -Path $Path -Name 'SchUseStrongCrypto'
    $entry['systemDefaultTlsVersions'] = Get-DsdDword -Path $Path -Name 'SystemDefaultTlsVersions'
    return $entry
}
function New-DsdSchannel {
    param([string]$Path)
    $entry = New-DsdObject
    $entry['enabled'] = Get-DsdDword -Path $Path -Name 'Enabled'
    $entry['disabledByDefault'] = Get-DsdDword -Path $Path -Name 'DisabledByDefault'
    return $entry
}
$schannel = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2'
$tls = New-DsdObject
$tls['netFramework64'] = New-DsdNetTls -Path 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'
$tls['netFramework32'] = New-DsdNetTls -Path 'HKLM:\SOFTWARE\Wow6432Node\Microsoft\.NETFramework\v4.0.30319'
$tls['schannelClient'] = New-DsdSchannel -Path ($schannel + '\Client')
$tls['schannelServer'] = New-DsdSchannel -Path ($schannel + '\Server')

$dotNetRelease = Get-DsdDword -Path 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -Name 'Release'
$adfs = $null -ne (Get-WmiObject -Class Win32_Service -Filter "Name='adfssrv'")

# One HTTPS request to Entra ID's sign-in address through this machine's proxy: reads only.
$network = New-DsdObject
$network['endpoint'] = 'unreachable'
$network['proxy'] = $null
try {
    $request = [System.Net.WebRequest]::Create('https://login.microsoftonline.com/')
    $request.Timeout = 15000
    $proxy = [System.Net.WebRequest]::DefaultWebProxy
    if ($null -ne $proxy) {
        $through = $proxy.GetProxy($request.RequestUri)
        if ($through.AbsoluteUri -ne $request.RequestUri.AbsoluteUri) { $network['proxy'] = $through.AbsoluteUri }
    }
    $response = $request.GetResponse()
    $response.Close()
    $network['endpoint'] = 'ok'
} catch [System.Net.WebException] {
    $answer = $_.Exception.Response
    if ($null -ne $answer -and [int]$answer.StatusCode -eq 407) { $network['endpoint'] = 'proxy-auth' }
    elseif ($null -ne $answer -and [int]$answer.StatusCode -eq 403) { $network['endpoint'] = 'blocked' }
    elseif ($null -ne $answer) { $network['endpoint'] = 'ok' }
    else { Add-DsdNote ('Entra ID''s sign-in address did not answer: ' + $_.Exception.Message) }
} catch {
    Add-DsdNote ('Entra ID''s sign-in address could not be tried: ' + $_.Exception.Message)
}

# ---- the file ---------------------------------------------------------------------------------------

$idName = ($computerName.ToLowerInvariant() -replace '[^a-z0-9-]', '-')
$facts = New-DsdObject
$facts['id'] = Limit-DsdText -Text ('collected-' + $idName) -Max 64
$facts['title'] = 'Collected from ' + $computerName
$facts['description'] = 'Facts of ' + $computerName + ' read by the legacy collector on ' + $Now.ToString('yyyy-MM-dd HH:mm', $Invariant) + ' UTC.'
$collected = New-DsdObject
$collected['kind'] = 'collector'
$collected['at'] = $Now.ToString('yyyy-MM-ddTHH:mm:ssZ', $Invariant)
$collected['by'] = 'Collect-DsdLegacyFacts.ps1 ' + $CollectorVersion
$collected['powershell'] = [string]$PSVersionTable.PSVersion
$collected['notes'] = $Notes
$facts['collected'] = $collected
$facts['os'] = $os
$facts['tool'] = $tool
$facts['services'] = $services
$facts['programs'] = $programs
$facts['accounts'] = $accounts
$facts['events'] = $events
$facts['adfsInstalled'] = $adfs
$facts['localAccounts'] = $localAccounts
$facts['tls'] = $tls
$facts['network'] = $network
$facts['dotNetRelease'] = $dotNetRelease
if ($null -ne $syncScopeObjects) { $facts['syncScopeObjects'] = $syncScopeObjects }
$facts['sync'] = $sync

if (Test-Path -LiteralPath $OutFile) {
    throw ('The file ' + $OutFile + ' exists already; name a new file (nothing was written).')
}
$json = (ConvertTo-DsdJson -Value $facts) + "`n"
[System.IO.File]::WriteAllText($OutFile, $json, (New-Object System.Text.UTF8Encoding($false)))
