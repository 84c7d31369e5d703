# Shared helpers for the DirSync Doctor host scripts. Dot-sourced by every Dsd script; prints nothing itself.
#
# The contract with electron/host/windows/powershell-runner.ts:
#   - parameters arrive as ONE JSON object on stdin (never on the command line, never spliced into code);
#   - the script prints exactly ONE JSON document on stdout and exits 0:
#       { "ok": true,  "data": ... }
#       { "ok": false, "error": { "code": <HostErrorCode>, "message": "...", "win32": <int or null> } }
#   - anything unexpected is left to throw: powershell.exe then exits non-zero with the error on stderr.
# Output is escaped to plain ASCII because the console code page of a server is rarely UTF-8.
#
# Trust: these scripts run elevated, started by a user whose environment a process without admin
# rights can change. So nothing is found through environment variables: the module path is pinned
# to this PowerShell's own modules ($PSHOME, the folder of the powershell.exe the runner started
# by an absolute path) before any cmdlet can be autoloaded, and the sync tools' modules and
# programs are opened by absolute paths read from HKLM (writable by administrators only).

$env:PSModulePath = [System.IO.Path]::Combine($PSHOME, 'Modules')

# Cmdlets may write warnings/progress to the host, which lands on stdout when it is redirected.
$WarningPreference = 'SilentlyContinue'
$ProgressPreference = 'SilentlyContinue'
$VerbosePreference = 'SilentlyContinue'
$InformationPreference = 'SilentlyContinue'

function ConvertTo-DsdAsciiJson {
    param([AllowNull()] $Value)
    $json = ConvertTo-Json -InputObject $Value -Depth 6 -Compress
    $escape = { param($match) '\u{0:x4}' -f [int][char]$match.Value }
    return [regex]::Replace($json, '[^\x00-\x7F]', $escape)
}

# Inside Invoke-DsdBatch each script's input and envelope go through $global:DsdBatchCall
# instead of stdin and stdout (one PowerShell process answers several questions).
function Test-DsdBatchCall {
    return (Test-Path -LiteralPath 'variable:global:DsdBatchCall') -and ($null -ne $global:DsdBatchCall)
}

# One envelope out, then the script ends (in a batch: only the script, not the batch).
function Send-DsdEnvelope {
    param([Parameter(Mandatory = $true)] $Envelope)
    $json = ConvertTo-DsdAsciiJson -Value $Envelope
    if (Test-DsdBatchCall) {
        $global:DsdBatchCall.Output = $json
    } else {
        [Console]::Out.Write($json)
        [Console]::Out.Flush()
    }
    exit 0
}

function Write-DsdResult {
    param([AllowNull()] $Data)
    Send-DsdEnvelope -Envelope ([ordered]@{ ok = $true; data = $Data })
}

function Write-DsdFailure {
    param(
        [Parameter(Mandatory = $true)] [string] $Code,
        [Parameter(Mandatory = $true)] [string] $Message,
        [AllowNull()] [Nullable[int]] $WindowsError = $null
    )
    $failure = [ordered]@{ code = $Code; message = $Message; win32 = $WindowsError }
    Send-DsdEnvelope -Envelope ([ordered]@{ ok = $false; error = $failure })
}

# Reads stdin as bytes and decodes UTF-8 itself: [Console]::In would use the OEM code page.
function Read-DsdInput {
    if (Test-DsdBatchCall) {
        return $global:DsdBatchCall.Input
    }
    $stdin = [Console]::OpenStandardInput()
    $buffer = New-Object System.IO.MemoryStream
    $stdin.CopyTo($buffer)
    $text = [System.Text.Encoding]::UTF8.GetString($buffer.ToArray())
    $text = $text.Trim([char[]]@([char]0xFEFF, [char]32, [char]13, [char]10, [char]9))
    if ($text.Length -eq 0) {
        Write-DsdFailure -Code 'bad-input' -Message 'No input: the script expects one JSON object on stdin.'
    }
    $parsed = $null
    try {
        $parsed = ConvertFrom-Json -InputObject $text
    } catch {
        Write-DsdFailure -Code 'bad-input' -Message 'The input on stdin is not valid JSON.'
    }
    if ($parsed -isnot [System.Management.Automation.PSCustomObject]) {
        Write-DsdFailure -Code 'bad-input' -Message 'The input on stdin must be a JSON object.'
    }
    return $parsed
}

# Property of an input object, or $null when it is absent (StrictMode throws on missing properties).
# -NoEnumerate keeps a one-element array an array.
function Get-DsdField {
    param([Parameter(Mandatory = $true)] $Object, [Parameter(Mandatory = $true)] [string] $Name)
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) {
        return $null
    }
    Write-Output -NoEnumerate $property.Value
}

function Test-DsdServiceName {
    param([AllowNull()] $Value)
    return ($Value -is [string]) -and ($Value -match '^[A-Za-z0-9_.$@ -]{1,256}$')
}

# The input's "name": a service key name, else a bad-input failure that names the field.
function Get-DsdServiceNameField {
    param([AllowNull()] $Object)
    $value = Get-DsdField -Object $Object -Name 'name'
    if (-not (Test-DsdServiceName -Value $value)) {
        Write-DsdFailure -Code 'bad-input' -Message 'name: expected a service key name (letters, digits, space and _ . $ @ -; at most 256).'
    }
    return $value
}

function Test-DsdProductCode {
    param([AllowNull()] $Value)
    return ($Value -is [string]) -and ($Value -match '^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$')
}

# A whole number in [Min, Max], as ConvertFrom-Json gives it (Int32, Int64 or Decimal/Double).
function Test-DsdInteger {
    param([AllowNull()] $Value, [long] $Min, [long] $Max)
    if (-not (($Value -is [int]) -or ($Value -is [long]) -or ($Value -is [double]) -or ($Value -is [decimal]))) {
        return $false
    }
    if ([math]::Floor([double]$Value) -ne [double]$Value) {
        return $false
    }
    return ([double]$Value -ge $Min) -and ([double]$Value -le $Max)
}

# WQL string literal body. Callers validate names first; escaping anyway keeps a filter a filter.
function ConvertTo-DsdWqlString {
    param([Parameter(Mandatory = $true)] [string] $Value)
    return $Value.Replace('\', '\\').Replace("'", "\'")
}

# ISO 8601 with offset ('o'). -AssumeUtc for stores that keep UTC in a DateTime of unspecified kind
# (sync engine run history); otherwise an unspecified kind is local time.
function ConvertTo-DsdIsoDate {
    param([AllowNull()] $Value, [switch] $AssumeUtc)
    if ($null -eq $Value) {
        return $null
    }
    $invariant = [System.Globalization.CultureInfo]::InvariantCulture
    if ($Value -is [DateTimeOffset]) {
        return $Value.ToString('o', $invariant)
    }
    if ($Value -is [string]) {
        if ($Value.Trim().Length -eq 0) {
            return $null
        }
        $styles = [System.Globalization.DateTimeStyles]::AllowWhiteSpaces
        if ($AssumeUtc) {
            $styles = $styles -bor [System.Globalization.DateTimeStyles]::AssumeUniversal
        } else {
            $styles = $styles -bor [System.Globalization.DateTimeStyles]::AssumeLocal
        }
        return [DateTimeOffset]::Parse($Value, $invariant, $styles).ToString('o', $invariant)
    }
    $date = [datetime]$Value
    if ($date.Kind -eq [DateTimeKind]::Unspecified) {
        if ($AssumeUtc) {
            $date = [DateTime]::SpecifyKind($date, [DateTimeKind]::Utc)
        } else {
            $date = [DateTime]::SpecifyKind($date, [DateTimeKind]::Local)
        }
    }
    return ([DateTimeOffset]$date).ToString('o', $invariant)
}

function Test-DsdElevated {
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object System.Security.Principal.WindowsPrincipal($identity)
    return $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}

# The Win32 error code buried in an exception chain (Start() wraps it in InvalidOperationException).
function Get-DsdWin32Code {
    param([AllowNull()] [Exception] $Exception)
    $current = $Exception
    while ($null -ne $current) {
        if ($current -is [System.ComponentModel.Win32Exception]) {
            return [int]$current.NativeErrorCode
        }
        $current = $current.InnerException
    }
    return $null
}

# ---- services ---------------------------------------------------------------------------------

# One service as Win32_Service reports it (state/start mode strings, logon account, process id).
function Get-DsdServiceRecord {
    param([Parameter(Mandatory = $true)] [string] $Name)
    $filter = "Name = '" + (ConvertTo-DsdWqlString -Value $Name) + "'"
    $service = @(Get-CimInstance -ClassName Win32_Service -Filter $filter)
    if ($service.Count -eq 0) {
        return $null
    }
    $cim = $service[0]
    $delayed = $false
    $key = Get-ItemProperty -LiteralPath ('HKLM:\SYSTEM\CurrentControlSet\Services\' + $cim.Name) -ErrorAction SilentlyContinue
    if ($null -ne $key) {
        $delayedValue = $key.PSObject.Properties['DelayedAutostart']
        if ($null -ne $delayedValue) {
            $delayed = ([int]$delayedValue.Value -eq 1)
        }
    }
    return [ordered]@{
        Name             = $cim.Name
        DisplayName      = $cim.DisplayName
        State            = $cim.State
        StartMode        = $cim.StartMode
        DelayedAutoStart = $delayed
        StartName        = $cim.StartName
        ProcessId        = $cim.ProcessId
        ExitCode         = $cim.ExitCode
    }
}

function Get-DsdServiceController {
    param([Parameter(Mandatory = $true)] [string] $Name)
    $controller = Get-Service -Name $Name -ErrorAction SilentlyContinue
    if ($null -eq $controller) {
        Write-DsdFailure -Code 'service-not-found' -Message ("The service '" + $Name + "' is not installed on this computer.") -WindowsError 1060
    }
    return $controller
}

function Write-DsdServiceControlFailure {
    param([string] $Name, [string] $Action, [Exception] $Exception)
    $win32 = Get-DsdWin32Code -Exception $Exception
    switch ($win32) {
        1069 { Write-DsdFailure -Code 'service-logon-failed' -Message ("The service '" + $Name + "' did not start because its logon account could not sign in (Windows error 1069).") -WindowsError 1069 }
        5 { Write-DsdFailure -Code 'not-elevated' -Message ("Access denied while trying to " + $Action + " '" + $Name + "': run DirSync Doctor as an administrator.") -WindowsError 5 }
        1060 { Write-DsdFailure -Code 'service-not-found' -Message ("The service '" + $Name + "' is not installed on this computer.") -WindowsError 1060 }
        1053 { Write-DsdFailure -Code 'service-timeout' -Message ("The service '" + $Name + "' did not respond to the " + $Action + " request in time (Windows error 1053).") -WindowsError 1053 }
        1058 { Write-DsdFailure -Code 'service-failed' -Message ("The service '" + $Name + "' is disabled (Windows error 1058).") -WindowsError 1058 }
    }
    $detail = $Exception.Message
    if ($null -ne $Exception.InnerException) {
        $detail = $Exception.InnerException.Message
    }
    Write-DsdFailure -Code 'service-failed' -Message ("Could not " + $Action + " '" + $Name + "': " + $detail) -WindowsError $win32
}

# Polls until the service reaches the wanted status, fails when a start falls back to Stopped,
# and reports service-timeout at the deadline (the runner's own timeout is later).
function Wait-DsdServiceStatus {
    param(
        [Parameter(Mandatory = $true)] $Controller,
        [Parameter(Mandatory = $true)] [string] $Wanted,
        [Parameter(Mandatory = $true)] [DateTime] $DeadlineUtc
    )
    while ($true) {
        $Controller.Refresh()
        $status = [string]$Controller.Status
        if ($status -eq $Wanted) {
            return
        }
        if (($Wanted -eq 'Running') -and ($status -eq 'Stopped')) {
            $record = Get-DsdServiceRecord -Name $Controller.ServiceName
            $exitCode = $null
            if ($null -ne $record) {
                $exitCode = [int]$record.ExitCode
            }
            if ($exitCode -eq 1069) {
                Write-DsdFailure -Code 'service-logon-failed' -Message ("The service '" + $Controller.ServiceName + "' stopped during startup: its logon account could not sign in (Windows error 1069).") -WindowsError 1069
            }
            Write-DsdFailure -Code 'service-failed' -Message ("The service '" + $Controller.ServiceName + "' stopped during startup (exit code " + $exitCode + ').') -WindowsError $exitCode
        }
        if ([DateTime]::UtcNow -ge $DeadlineUtc) {
            Write-DsdFailure -Code 'service-timeout' -Message ("The service '" + $Controller.ServiceName + "' did not reach " + $Wanted + ' in time; it is ' + $status + '.')
        }
        Start-Sleep -Milliseconds 250
    }
}

function Start-DsdServiceAndWait {
    param([Parameter(Mandatory = $true)] $Controller, [Parameter(Mandatory = $true)] [DateTime] $DeadlineUtc)
    $Controller.Refresh()
    if ([string]$Controller.Status -eq 'Running') {
        return
    }
    try {
        $Controller.Start()
    } catch {
        # 1056: it is already running (started by someone else meanwhile).
        if ((Get-DsdWin32Code -Exception $_.Exception) -ne 1056) {
            Write-DsdServiceControlFailure -Name $Controller.ServiceName -Action 'start' -Exception $_.Exception
        }
    }
    Wait-DsdServiceStatus -Controller $Controller -Wanted 'Running' -DeadlineUtc $DeadlineUtc
}

function Stop-DsdServiceAndWait {
    param([Parameter(Mandatory = $true)] $Controller, [Parameter(Mandatory = $true)] [DateTime] $DeadlineUtc)
    $Controller.Refresh()
    if ([string]$Controller.Status -eq 'Stopped') {
        return
    }
    try {
        # ServiceController.Stop() stops dependent services first.
        $Controller.Stop()
    } catch {
        # 1062: it has not been started (stopped meanwhile).
        if ((Get-DsdWin32Code -Exception $_.Exception) -ne 1062) {
            Write-DsdServiceControlFailure -Name $Controller.ServiceName -Action 'stop' -Exception $_.Exception
        }
    }
    Wait-DsdServiceStatus -Controller $Controller -Wanted 'Stopped' -DeadlineUtc $DeadlineUtc
}

# Input shared by the start/stop/restart scripts: { "name": "...", "waitSeconds": 1..3600 }.
function Read-DsdServiceControlInput {
    $in = Read-DsdInput
    $name = Get-DsdField -Object $in -Name 'name'
    if (-not (Test-DsdServiceName -Value $name)) {
        Write-DsdFailure -Code 'bad-input' -Message 'name: expected a service key name (letters, digits, space and _ . $ @ -; at most 256).'
    }
    $wait = Get-DsdField -Object $in -Name 'waitSeconds'
    if (-not (Test-DsdInteger -Value $wait -Min 1 -Max 3600)) {
        Write-DsdFailure -Code 'bad-input' -Message 'waitSeconds: expected a whole number from 1 to 3600.'
    }
    return [ordered]@{ Name = [string]$name; DeadlineUtc = [DateTime]::UtcNow.AddSeconds([double]$wait) }
}

# ---- installed programs -----------------------------------------------------------------------

# Uninstall entries from both registry views. Opening the views explicitly (rather than the
# WOW6432Node path) gives the right answer even if this PowerShell is itself a 32-bit process.
# On 32-bit Windows there is one view, and everything in it is 32-bit.
function Get-DsdUninstallEntries {
    $views = @()
    if ([Environment]::Is64BitOperatingSystem) {
        $views += , @('64', [Microsoft.Win32.RegistryView]::Registry64)
        $views += , @('32', [Microsoft.Win32.RegistryView]::Registry32)
    } else {
        $views += , @('32', [Microsoft.Win32.RegistryView]::Default)
    }
    $entries = New-Object System.Collections.ArrayList
    foreach ($view in $views) {
        $base = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, $view[1])
        try {
            $uninstall = $base.OpenSubKey('SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall')
            if ($null -eq $uninstall) {
                continue
            }
            try {
                foreach ($keyName in $uninstall.GetSubKeyNames()) {
                    $key = $uninstall.OpenSubKey($keyName)
                    if ($null -eq $key) {
                        continue
                    }
                    try {
                        $entry = [ordered]@{
                            KeyName          = $keyName
                            View             = $view[0]
                            DisplayName      = $key.GetValue('DisplayName')
                            DisplayVersion   = $key.GetValue('DisplayVersion')
                            Publisher        = $key.GetValue('Publisher')
                            UninstallString  = $key.GetValue('UninstallString')
                            InstallLocation  = $key.GetValue('InstallLocation')
                            WindowsInstaller = $key.GetValue('WindowsInstaller')
                            SystemComponent  = $key.GetValue('SystemComponent')
                        }
                        $null = $entries.Add($entry)
                    } finally {
                        $key.Close()
                    }
                }
            } finally {
                $uninstall.Close()
            }
        } finally {
            $base.Close()
        }
    }
    return $entries.ToArray()
}

# ---- sync engine ------------------------------------------------------------------------------

# Which sync tool generation is installed: from the uninstall entries first (the 32-bit ILM-based
# DirSync runs none of the known services, and a half-removed tool may leave services behind),
# then from the services. Names as in shared/domain/sync-tools.ts; companion entries (Health
# agent, Authentication/Provisioning agents, Agent Updater) are not the sync tool.
function Get-DsdSyncGeneration {
    $entries = @(Get-DsdUninstallEntries | ForEach-Object { [string]$_['DisplayName'] } | Where-Object { ($_.Length -gt 0) -and ($_ -notmatch 'Agent|Health') })
    $prefixes = [ordered]@{
        'entra-connect' = @('Microsoft Entra Connect', 'Microsoft Azure AD Connect', 'Microsoft Azure Active Directory Connect')
        'aadsync'       = @('Microsoft Azure AD Sync Services', 'Azure Active Directory Sync Services')
        'dirsync'       = @('Windows Azure Active Directory Sync tool', 'Microsoft Online Services Directory Synchronization')
    }
    foreach ($generation in $prefixes.Keys) {
        foreach ($prefix in $prefixes[$generation]) {
            foreach ($entry in $entries) {
                if ($entry.StartsWith($prefix, [StringComparison]::OrdinalIgnoreCase)) {
                    return $generation
                }
            }
        }
    }
    $names = @(Get-DsdUninstallEntries | ForEach-Object { [string]$_['DisplayName'] })
    if ($null -ne (Get-Service -Name 'ADSync' -ErrorAction SilentlyContinue)) {
        foreach ($name in $names) {
            if ($name.StartsWith('Microsoft Entra Connect', [StringComparison]::OrdinalIgnoreCase) -or $name.StartsWith('Microsoft Azure AD Connect', [StringComparison]::OrdinalIgnoreCase)) {
                return 'entra-connect'
            }
        }
        return 'aadsync'
    }
    if (($null -ne (Get-Service -Name 'FIMSynchronizationService' -ErrorAction SilentlyContinue)) -or ($null -ne (Get-Service -Name 'MSOnlineSyncScheduler' -ErrorAction SilentlyContinue))) {
        return 'dirsync'
    }
    return 'none'
}

# ---- trusted locations (HKLM, never the environment) -------------------------------------------

# A string value under HKLM\<SubKey> in the 64-bit view on 64-bit Windows, or $null.
function Get-DsdMachineRegistryValue {
    param([Parameter(Mandatory = $true)] [string] $SubKey, [Parameter(Mandatory = $true)] [string] $Name, [switch] $ThirtyTwoBitView)
    $view = [Microsoft.Win32.RegistryView]::Default
    if ($ThirtyTwoBitView) {
        $view = [Microsoft.Win32.RegistryView]::Registry32
    } elseif ([Environment]::Is64BitOperatingSystem) {
        $view = [Microsoft.Win32.RegistryView]::Registry64
    }
    $base = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, $view)
    try {
        $key = $base.OpenSubKey($SubKey)
        if ($null -eq $key) {
            return $null
        }
        try {
            $value = $key.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
            if ($value -isnot [string]) {
                return $null
            }
            return [string]$value
        } finally {
            $key.Close()
        }
    } finally {
        $base.Close()
    }
}

# A folder path as the registry gives it, accepted only when it is an absolute path on a local
# drive (no UNC share, no device path, no %VARIABLE% left to expand) that exists.
function Test-DsdLocalFolder {
    param([AllowNull()] $Path)
    if (($Path -isnot [string]) -or ($Path -notmatch '^[A-Za-z]:\\') -or ($Path.Contains('%')) -or ($Path.Contains('..'))) {
        return $false
    }
    return [System.IO.Directory]::Exists($Path)
}

# A file path from the registry, accepted on the same terms as Test-DsdLocalFolder.
function Test-DsdLocalFile {
    param([AllowNull()] $Path)
    if (($Path -isnot [string]) -or ($Path -notmatch '^[A-Za-z]:\\') -or ($Path.Contains('%')) -or ($Path.Contains('..'))) {
        return $false
    }
    return [System.IO.File]::Exists($Path)
}

# The Entra Connect / AADSync program folder (the one holding Bin\ADSync and Bin\DirectorySyncClientCmd.exe).
function Get-DsdAdSyncFolder {
    $location = Get-DsdMachineRegistryValue -SubKey 'SOFTWARE\Microsoft\AD Sync' -Name 'Location'
    if (Test-DsdLocalFolder -Path $location) {
        return $location.TrimEnd([char]'\')
    }
    return $null
}

# DirSync's program folder: walked up from its sync engine's service binary (the ImagePath in the
# service's HKLM key) to the folder that holds dirsync\DirSync.psd1.
function Get-DsdDirSyncFolder {
    $image = Get-DsdMachineRegistryValue -SubKey 'SYSTEM\CurrentControlSet\Services\FIMSynchronizationService' -Name 'ImagePath'
    if ($null -eq $image) {
        return $null
    }
    $exe = $image.Trim()
    if ($exe.StartsWith('"')) {
        $end = $exe.IndexOf('"', 1)
        if ($end -lt 0) {
            return $null
        }
        $exe = $exe.Substring(1, $end - 1)
    }
    $folder = [System.IO.Path]::GetDirectoryName($exe)
    for ($i = 0; ($i -lt 5) -and (Test-DsdLocalFolder -Path $folder); $i++) {
        if ([System.IO.File]::Exists([System.IO.Path]::Combine($folder, 'dirsync', 'DirSync.psd1'))) {
            return $folder
        }
        $folder = [System.IO.Path]::GetDirectoryName($folder)
    }
    return $null
}

# Imports a module from its manifest's absolute path; $false when it is absent or fails to load.
function Import-DsdModuleFile {
    param([AllowNull()] [string] $Manifest)
    if ([string]::IsNullOrEmpty($Manifest) -or (-not [System.IO.File]::Exists($Manifest))) {
        return $false
    }
    try {
        Import-Module -Name $Manifest -ErrorAction Stop
        return $true
    } catch {
        return $false
    }
}

function Import-DsdAdSyncModule {
    $folder = Get-DsdAdSyncFolder
    if ($null -eq $folder) {
        return $false
    }
    return Import-DsdModuleFile -Manifest ([System.IO.Path]::Combine($folder, 'Bin', 'ADSync', 'ADSync.psd1'))
}

function Import-DsdDirSyncModule {
    $folder = Get-DsdDirSyncFolder
    if ($null -eq $folder) {
        return $false
    }
    return Import-DsdModuleFile -Manifest ([System.IO.Path]::Combine($folder, 'dirsync', 'DirSync.psd1'))
}

# DirSync builds before 6862.0000 have no DirSync module, only the snap-in Coexistence-Configuration
# (what DirSyncConfigShell.psc1 loads). Add-PSSnapin finds a snap-in by name only in its HKLM
# registration, which only an administrator can write; it is called once that registration, in
# the registry view this 64-bit PowerShell reads, names an assembly that is a file on a local
# drive. Returns 'loaded', 'absent', 'only-32-bit' (registered for 32-bit PowerShell only) or
# 'failed' (registered, but it did not load).
function Import-DsdDirSyncSnapIn {
    $key = 'SOFTWARE\Microsoft\PowerShell\1\PowerShellSnapIns\Coexistence-Configuration'
    $assembly = Get-DsdMachineRegistryValue -SubKey $key -Name 'ModuleName'
    if ($null -eq $assembly) {
        if ([Environment]::Is64BitOperatingSystem -and ($null -ne (Get-DsdMachineRegistryValue -SubKey $key -Name 'ModuleName' -ThirtyTwoBitView))) {
            return 'only-32-bit'
        }
        return 'absent'
    }
    if (-not (Test-DsdLocalFile -Path $assembly)) {
        return 'failed'
    }
    try {
        Add-PSSnapin -Name 'Coexistence-Configuration' -ErrorAction Stop
        return 'loaded'
    } catch {
        return 'failed'
    }
}

# AADSync 1.0's sync trigger, or $null when it is not installed there.
function Get-DsdDirectorySyncClientCmd {
    $folder = Get-DsdAdSyncFolder
    if ($null -eq $folder) {
        return $null
    }
    $client = [System.IO.Path]::Combine($folder, 'Bin', 'DirectorySyncClientCmd.exe')
    if ([System.IO.File]::Exists($client)) {
        return $client
    }
    return $null
}

# ---- ADSync module and settings (Connect / AADSync) --------------------------------------------

function Test-DsdCommandExists {
    param([Parameter(Mandatory = $true)] [string] $Name)
    return $null -ne (Get-Command -Name $Name -ErrorAction SilentlyContinue)
}

# A boolean property that older builds may lack: $null when absent.
function Get-DsdOptionalBool {
    param([Parameter(Mandatory = $true)] $Object, [Parameter(Mandatory = $true)] [string] $Name)
    $value = Get-DsdField -Object $Object -Name $Name
    if ($null -eq $value) {
        return $null
    }
    return [bool]$value
}

# Get-ADSyncScheduler, read defensively (SchedulerSuspended and SyncCycleInProgress are missing on
# older builds; no cmdlet at all before 1.1.105.0).
function Read-DsdScheduler {
    $state = [ordered]@{
        Available                   = $false
        SyncCycleEnabled            = $null
        SchedulerSuspended          = $null
        StagingModeEnabled          = $null
        SyncCycleInProgress         = $null
        NextSyncCycleStartTimeInUTC = $null
        NextSyncCyclePolicyType     = $null
        IntervalMinutes             = $null
    }
    if (-not ((Import-DsdAdSyncModule) -and (Test-DsdCommandExists -Name 'Get-ADSyncScheduler'))) {
        return $state
    }
    $scheduler = Get-ADSyncScheduler
    $state.Available = $true
    $state.SyncCycleEnabled = Get-DsdOptionalBool -Object $scheduler -Name 'SyncCycleEnabled'
    $state.SchedulerSuspended = Get-DsdOptionalBool -Object $scheduler -Name 'SchedulerSuspended'
    $state.StagingModeEnabled = Get-DsdOptionalBool -Object $scheduler -Name 'StagingModeEnabled'
    $state.SyncCycleInProgress = Get-DsdOptionalBool -Object $scheduler -Name 'SyncCycleInProgress'
    $next = Get-DsdField -Object $scheduler -Name 'NextSyncCycleStartTimeInUTC'
    if ($null -ne $next) {
        $state.NextSyncCycleStartTimeInUTC = ConvertTo-DsdIsoDate -Value $next -AssumeUtc
    }
    $policy = Get-DsdField -Object $scheduler -Name 'NextSyncCyclePolicyType'
    if ($null -ne $policy) {
        $state.NextSyncCyclePolicyType = [string]$policy
    }
    $interval = Get-DsdField -Object $scheduler -Name 'CurrentlyEffectiveSyncCycleInterval'
    if ($interval -is [TimeSpan]) {
        $state.IntervalMinutes = [double]$interval.TotalMinutes
    }
    return $state
}

# (Get-ADSyncGlobalSettings).Parameters as a name -> value table.
function Get-DsdGlobalSettings {
    $table = @{}
    if (-not (Test-DsdCommandExists -Name 'Get-ADSyncGlobalSettings')) {
        return $table
    }
    foreach ($parameter in @((Get-ADSyncGlobalSettings).Parameters)) {
        $name = [string](Get-DsdField -Object $parameter -Name 'Name')
        if ($name.Length -gt 0) {
            $table[$name] = Get-DsdField -Object $parameter -Name 'Value'
        }
    }
    return $table
}

# The Entra connector always has this identifier (reference-connect-adsync).
$script:DsdEntraConnectorId = 'b891884f-051e-4a83-95af-2544101c9083'

# 'ad', 'entra' or 'other' for a Get-ADSyncConnector object.
# The FIM/MIIS engine's WMI management agents (DirSync, some Connect 1.x builds), or $null when this
# machine has no such namespace (current Connect 2.x may not). Access denied is reported, not guessed.
$script:DsdMiisNamespace = 'root\MicrosoftIdentityIntegrationServer'
function Get-DsdMiisAgents {
    try {
        return ,@(Get-CimInstance -Namespace $script:DsdMiisNamespace -ClassName 'MIIS_ManagementAgent' -ErrorAction Stop)
    } catch {
        $native = [string](Get-DsdField -Object $_.Exception -Name 'NativeErrorCode')
        if (($native -eq 'InvalidNamespace') -or ($native -eq 'InvalidClass')) {
            return $null
        }
        if ($native -eq 'AccessDenied') {
            Write-DsdFailure -Code 'not-elevated' -Message 'Access denied reading the sync engine over WMI: the account needs to be in the sync admins group (FIMSyncAdmins / ADSyncAdmins).' -WindowsError 5
        }
        throw
    }
}

function Get-DsdConnectorType {
    param([Parameter(Mandatory = $true)] $Connector)
    $typeName = [string](Get-DsdField -Object $Connector -Name 'ConnectorTypeName')
    $identifier = [string](Get-DsdField -Object $Connector -Name 'Identifier')
    $subType = [string](Get-DsdField -Object $Connector -Name 'SubType')
    if ($typeName -eq 'AD') {
        return 'ad'
    }
    if (($identifier -eq $script:DsdEntraConnectorId) -or ($subType -eq 'Windows Azure Active Directory (Microsoft)')) {
        return 'entra'
    }
    return 'other'
}

# A connectivity parameter's value, or $null (Name/Value list on every build).
function Get-DsdConnectivityValue {
    param($Connector, [string] $Name)
    foreach ($parameter in @(Get-DsdField -Object $Connector -Name 'ConnectivityParameters')) {
        if ([string](Get-DsdField -Object $parameter -Name 'Name') -eq $Name) {
            $value = Get-DsdField -Object $parameter -Name 'Value'
            if (($null -eq $value) -or ([string]$value).Length -eq 0) {
                return $null
            }
            return [string]$value
        }
    }
    return $null
}

# A local account name: what Windows allows in a SAM account name (no \ / " [ ] : | < > + = ; , ? * @), 1-20 characters.
function Test-DsdLocalUserName {
    param([AllowNull()] $Value)
    return ($Value -is [string]) -and ($Value -match '^[^\\/"\[\]:|<>+=;,?*@\x00-\x1F]{1,20}$') -and ($Value.Trim().Length -eq $Value.Length)
}

# One local user through the WinNT provider (works on every Windows version the tools ran on).
function Get-DsdLocalUserRecord {
    param([Parameter(Mandatory = $true)] $Entry)
    $flags = [int]($Entry.Properties['UserFlags'].Value)
    $passwordAge = $Entry.Properties['PasswordAge'].Value
    $lastSet = $null
    if ($null -ne $passwordAge) {
        $lastSet = ConvertTo-DsdIsoDate -Value ([DateTimeOffset]::UtcNow.AddSeconds(-[double]$passwordAge))
    }
    $expired = $Entry.Properties['PasswordExpired'].Value
    return [ordered]@{
        Name                 = [string]$Entry.Name
        FullName             = [string]($Entry.Properties['FullName'].Value)
        # ADS_UF_ACCOUNTDISABLE 0x2, ADS_UF_LOCKOUT 0x10, ADS_UF_DONT_EXPIRE_PASSWD 0x10000
        Enabled              = (($flags -band 0x2) -eq 0)
        LockedOut            = (($flags -band 0x10) -ne 0)
        PasswordNeverExpires = (($flags -band 0x10000) -ne 0)
        PasswordExpired      = ($null -ne $expired) -and ([int]$expired -eq 1)
        PasswordLastSet      = $lastSet
    }
}

# The WinNT directory entry of a local user, or a failure naming it.
function Get-DsdLocalUserEntry {
    param([Parameter(Mandatory = $true)] [string] $Name)
    $computer = [ADSI]('WinNT://' + [Environment]::MachineName + ',computer')
    foreach ($child in $computer.Children) {
        if (($child.SchemaClassName -eq 'User') -and ([string]$child.Name -eq $Name)) {
            return $child
        }
    }
    Write-DsdFailure -Code 'account-not-found' -Message ("There is no local user named '" + $Name + "' on this computer.") -WindowsError 2221
}

# ---- TLS 1.2 registry values ---------------------------------------------------------------------

# Every value the TLS 1.2 check reads and the fix writes, with the value it should hold.
function Get-DsdTlsTargets {
    $net = 'SOFTWARE\Microsoft\.NETFramework\v4.0.30319'
    $schannel = 'SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\'
    $targets = New-Object System.Collections.ArrayList
    foreach ($view in @(@('64', [Microsoft.Win32.RegistryView]::Registry64, 'HKLM\SOFTWARE\Microsoft'), @('32', [Microsoft.Win32.RegistryView]::Registry32, 'HKLM\SOFTWARE\WOW6432Node\Microsoft'))) {
        foreach ($value in @('SchUseStrongCrypto', 'SystemDefaultTlsVersions')) {
            $null = $targets.Add(@{ Group = ('NetFramework' + $view[0]); View = $view[1]; Path = $net; Value = $value; Wanted = 1; Label = ($view[2] + '\.NETFramework\v4.0.30319\' + $value) })
        }
    }
    foreach ($side in @('Client', 'Server')) {
        foreach ($pair in @(@('Enabled', 1), @('DisabledByDefault', 0))) {
            $null = $targets.Add(@{ Group = ('Schannel' + $side); View = [Microsoft.Win32.RegistryView]::Registry64; Path = ($schannel + $side); Value = $pair[0]; Wanted = $pair[1]; Label = ('HKLM\' + $schannel + $side + '\' + $pair[0]) })
        }
    }
    return $targets.ToArray()
}

function Read-DsdTlsSettings {
    $answer = [ordered]@{
        NetFramework64 = [ordered]@{ SchUseStrongCrypto = $null; SystemDefaultTlsVersions = $null }
        NetFramework32 = [ordered]@{ SchUseStrongCrypto = $null; SystemDefaultTlsVersions = $null }
        SchannelClient = [ordered]@{ Enabled = $null; DisabledByDefault = $null }
        SchannelServer = [ordered]@{ Enabled = $null; DisabledByDefault = $null }
    }
    foreach ($target in (Get-DsdTlsTargets)) {
        $base = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, $target.View)
        try {
            $key = $base.OpenSubKey($target.Path)
            if ($null -ne $key) {
                try {
                    $value = $key.GetValue($target.Value)
                    if (($null -ne $value) -and ($key.GetValueKind($target.Value) -eq [Microsoft.Win32.RegistryValueKind]::DWord)) {
                        $answer[$target.Group][$target.Value] = [int]$value
                    }
                } finally {
                    $key.Close()
                }
            }
        } finally {
            $base.Close()
        }
    }
    return $answer
}
